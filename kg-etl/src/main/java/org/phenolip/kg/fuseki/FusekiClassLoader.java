package org.phenolip.kg.fuseki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A child-first class loader for the embedded Fuseki server. Spark 4.1 (its shaded Jetty 11
 * and metrics servlet) needs the Servlet 5 API, which Maven resolves for kg-etl; Fuseki 5.6
 * runs on Jetty 12 ee10, which needs Servlet 6 ({@code jakarta.servlet.ServletConnection}).
 * This loader sees the Servlet 6 jar first, then the whole application class path, and
 * loads servlet, Jetty, Fuseki (and the launcher) classes itself; everything else, Jena's
 * RDF model included, comes from the parent so datasets cross unchanged.
 *
 * <p>The Servlet 6 jar is copied into kg-etl's classes at build time (see kg-etl/pom.xml,
 * {@value #SERVLET6_RESOURCE}); from a jar it is extracted once to a temp file.
 */
final class FusekiClassLoader extends URLClassLoader {
  static final String SERVLET6_RESOURCE = "META-INF/phenolip/jakarta.servlet-api-6.jar";

  private static final String[] CHILD_FIRST = {
      "jakarta.servlet.", "org.eclipse.jetty.", "org.apache.jena.fuseki.", "org.apache.shiro.",
      "org.apache.commons.fileupload2.", "org.phenolip.kg.fuseki.FusekiLauncher"};

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private static volatile FusekiClassLoader instance;

  private FusekiClassLoader(URL[] urls, ClassLoader parent) {
    super("phenolip-fuseki", urls, parent);
  }

  /** One loader per JVM: Fuseki's static state lives in it. */
  static FusekiClassLoader get() {
    FusekiClassLoader l = instance;
    if (l == null) {
      synchronized (FusekiClassLoader.class) {
        if (instance == null) {
          ClassLoader parent = FusekiClassLoader.class.getClassLoader();
          instance = new FusekiClassLoader(classPath(parent), parent);
        }
        l = instance;
      }
    }
    return l;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!childFirst(name)) return super.loadClass(name, resolve);
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        try {
          c = findClass(name);
        } catch (ClassNotFoundException notHere) {
          c = super.loadClass(name, false);
        }
      }
      if (resolve) resolveClass(c);
      return c;
    }
  }

  private static boolean childFirst(String name) {
    for (String p : CHILD_FIRST) {
      if (name.startsWith(p)) return true;
    }
    return false;
  }

  /** Servlet 6 first, then every jar and folder the parent loads from. */
  private static URL[] classPath(ClassLoader parent) {
    Set<URL> urls = new LinkedHashSet<>();
    urls.add(servlet6Jar(parent));
    try {
      // Every jar has a manifest; this also sees jars named by a manifest Class-Path (surefire).
      Enumeration<URL> manifests = parent.getResources("META-INF/MANIFEST.MF");
      while (manifests.hasMoreElements()) {
        String u = manifests.nextElement().toString();
        if (u.startsWith("jar:") && u.contains("!/")) urls.add(new URL(u.substring(4, u.indexOf("!/"))));
      }
      for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) urls.add(Path.of(entry).toUri().toURL());
      }
      urls.add(SparqlServer.class.getProtectionDomain().getCodeSource().getLocation()); // holds FusekiLauncher
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the class path for the SPARQL server", e);
    }
    List<URL> list = new ArrayList<>(urls);
    return list.toArray(URL[]::new);
  }

  private static URL servlet6Jar(ClassLoader parent) {
    URL res = parent.getResource(SERVLET6_RESOURCE);
    if (res == null) {
      throw new IllegalStateException("the SPARQL server needs " + SERVLET6_RESOURCE
          + " on the class path (copied there by the kg-etl build)");
    }
    try {
      if (res.getProtocol().equals("file")) return res;
      Path tmp = Files.createTempFile("phenolip-servlet6-", ".jar");
      tmp.toFile().deleteOnExit();
      try (InputStream in = res.openStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      return tmp.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + res + ": " + e.getMessage(), e);
    }
  }
}
