package dev.hardtack.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.IntrospectionUtils;

/** The filter's contract inside an embedded Tomcat 10.1 (Servlet 6.0), on a random loopback port. */
class TomcatFilterTest extends ContainerContractTest {

  @Override
  Started start(ServletContainerInitializer initializer, Path workDir) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(workDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", workDir.toAbsolutePath().toString());
    // The test classes are on the JVM's class path, not in a web application: nothing for Tomcat's leak
    // detection to clear at stop, and it needs --add-opens flags to look (it warns at each stop without them).
    StandardContext standard = (StandardContext) context;
    standard.setClearReferencesRmiTargets(false);
    standard.setClearReferencesThreadLocals(false);
    // Tomcat 10.1 only (11 dropped it); set by name so that the test also runs on 11 with -Dtomcat.version.
    IntrospectionUtils.setProperty(standard, "clearReferencesObjectStreamClassCaches", "false");
    context.addServletContainerInitializer(initializer, null);

    // Tomcat does not throw when a filter fails to start: it logs the exception and marks the context FAILED.
    List<Throwable> logged = new CopyOnWriteArrayList<>();
    Handler errors = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getThrown() != null) {
          logged.add(r.getThrown());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger root = Logger.getLogger("");
    root.addHandler(errors);
    try {
      tomcat.start();
    } finally {
      root.removeHandler(errors);
    }
    Throwable failure = null;
    if (context.getState() != LifecycleState.STARTED) {
      failure = logged.isEmpty() ? new IllegalStateException("context " + context.getState()) : logged.get(0);
    }
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    return Started.of(base, failure, () -> {
      tomcat.stop();
      tomcat.destroy();
    });
  }
}
