package dev.hardtack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's server, as {@code java -jar} starts it: where it listens, and what the banner says. */
class MainTest {
  private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private DemoServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private DemoServer run(String... args) throws Exception {
    server = Main.run(Options.parse(args), new PrintStream(banner, true, StandardCharsets.UTF_8), log::add);
    return server;
  }

  private String banner() {
    return banner.toString(StandardCharsets.UTF_8);
  }

  @Test
  void run_default_listensOnLoopbackOnly_andBannerSaysSo() throws Exception {
    run("--http", "--port", "0");
    InetSocketAddress bound = server.address();
    assertEquals(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), bound.getAddress());
    assertTrue(banner().contains("Hardtack demo running at http://localhost:" + server.port() + "/"), banner());
    assertTrue(banner().contains("Listening on 127.0.0.1:" + server.port() + ": this machine only"), banner());
    assertEquals("Welcome to this page for the first time!", visit("127.0.0.1"));
    // From another interface of this machine, when it has one: nobody listens there.
    InetAddress other = nonLoopbackAddress();
    if (other != null) {
      assertThrows(IOException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other, server.port()), 2000);
        }
      }, "not reachable on " + other);
    }
  }

  @Test
  void run_bindEveryInterface_listensThere_andBannerWarns() throws Exception {
    run("--http", "--port", "0", "--bind", "0.0.0.0");
    assertTrue(server.address().getAddress().isAnyLocalAddress(), server.address().toString());
    assertTrue(banner().contains("Listening on 0.0.0.0:" + server.port() + ": EVERY interface"), banner());
    assertEquals("Welcome to this page for the first time!", visit("127.0.0.1"));
  }

  @Test
  void run_unsignedBaseline_bannerWarnsLoudly() throws Exception {
    run("--http", "--port", "0", "--unsigned-baseline");
    assertTrue(banner().contains("BENCHMARK BASELINE (--unsigned-baseline): the session cookie is NOT signed"),
        banner());
  }

  private String visit(String host) throws Exception {
    return new DemoClient(HttpClient.newHttpClient(), URI.create("http://" + host + ":" + server.port()))
        .get("/").visits();
  }

  private static InetAddress nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
            return a;
          }
        }
      }
    }
    return null;
  }
}
