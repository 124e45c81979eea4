package dev.hardtack.spring;

import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/** Spring Session with its in-memory repository: the real filter and cookie handling, no store to run. */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
public class InMemorySessions {
  /**
   * The repository, with the id generator the starter provides (Spring Session's Redis and JDBC configurations
   * pick that bean up by themselves; this hand-made repository is given it).
   *
   * @param ids the starter's Spring Session id generator
   * @return sessions in a map
   */
  @Bean
  public MapSessionRepository sessionRepository(SessionIdGenerator ids) {
    MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());
    repository.setSessionIdGenerator(ids);
    return repository;
  }
}
