package org.phenolip.kg.fetch;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/** StAX with DTDs and external entities off (the JDK implementation, whatever the classpath holds). */
final class SafeXml {
  private SafeXml() {}

  private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(() -> {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setXMLReporter((message, type, info, location) -> { });
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external resource refused: " + systemId);
    });
    return f;
  });

  static XMLInputFactory factory() {
    return FACTORY.get();
  }
}
