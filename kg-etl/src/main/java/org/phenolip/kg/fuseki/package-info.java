/**
 * The SPARQL server layer, above {@link org.phenolip.kg.rdf} (as Jena's {@code jena-fuseki-main}
 * sits above ARQ): {@link org.phenolip.kg.fuseki.SparqlServer} runs embedded Fuseki on 127.0.0.1,
 * dataset {@code /phenokg}, query only, in its own class loader
 * ({@link org.phenolip.kg.fuseki.FusekiClassLoader}) because Fuseki needs Servlet 6 and Spark
 * Servlet 5; {@link org.phenolip.kg.fuseki.FusekiLauncher} is the only class that touches Fuseki
 * and is loaded only by that class loader. Nothing below this package imports it.
 */
package org.phenolip.kg.fuseki;
