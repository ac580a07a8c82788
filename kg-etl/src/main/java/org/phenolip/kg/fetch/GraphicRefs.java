package org.phenolip.kg.fetch;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The images a JATS article shows: the {@code xlink:href} of every {@code <graphic>} and
 * {@code <inline-graphic>}, reduced to a match key (last path segment, image extension dropped, lower
 * case), since whether cloud XML hrefs carry extensions is not documented. {@link #select} keeps the
 * {@code media_urls} whose file name has the same key and an image extension: supplementary files
 * are never fetched unless asked for.
 */
public final class GraphicRefs {
  private GraphicRefs() {}

  static final String XLINK = "http://www.w3.org/1999/xlink";
  public static final Set<String> IMAGE_EXT = Set.of("jpg", "jpeg", "png", "tif", "tiff", "gif", "bmp", "webp");

  /** Match keys of every graphic/inline-graphic href, in document order. */
  public static Set<String> keys(byte[] xml) throws XMLStreamException {
    Set<String> out = new LinkedHashSet<>();
    XMLStreamReader r = SafeXml.factory().createXMLStreamReader(new ByteArrayInputStream(xml));
    try {
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) continue;
        String n = r.getLocalName();
        if (n.equals("graphic") || n.equals("inline-graphic")) {
          String href = r.getAttributeValue(XLINK, "href");
          if (href != null && !href.isBlank()) out.add(key(href));
        }
      }
    } finally {
      r.close();
    }
    return out;
  }

  /** Last segment of an href or file name, without an image extension, lower case. */
  public static String key(String hrefOrName) {
    String s = hrefOrName.strip();
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'));
    if (slash >= 0) s = s.substring(slash + 1);
    int dot = s.lastIndexOf('.');
    if (dot > 0 && IMAGE_EXT.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT))) s = s.substring(0, dot);
    return s.toLowerCase(Locale.ROOT);
  }

  public static boolean isImage(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && IMAGE_EXT.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The media to fetch: images the XML references, or every media file when {@code all}. */
  public static List<ObjectRef> select(List<ObjectRef> media, Set<String> keys, boolean all) {
    List<ObjectRef> out = new ArrayList<>();
    for (ObjectRef m : media) {
      if (all || isImage(m.name()) && keys.contains(key(m.name()))) out.add(m);
    }
    return out;
  }
}
