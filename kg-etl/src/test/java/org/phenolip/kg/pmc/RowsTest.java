package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.kg.build.KgRows;

/** KgRows gives values in the column order, Java types and nullability of the core PhenoKG schemas. */
class RowsTest {
  static void assertFits(StructType schema, Row row) {
    assertEquals(schema.size(), row.size(), "column count");
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.fields()[i];
      Object v = row.get(i);
      if (v == null) {
        assertTrue(f.nullable(), f.name() + " is not nullable");
        continue;
      }
      assertTrue(fits(f.dataType(), v), f.name() + ": " + v.getClass() + " does not fit " + f.dataType());
    }
  }

  static boolean fits(DataType t, Object v) {
    if (t.equals(DataTypes.StringType)) return v instanceof String;
    if (t.equals(DataTypes.IntegerType)) return v instanceof Integer;
    if (t.equals(DataTypes.BinaryType)) return v instanceof byte[];
    if (t instanceof ArrayType a) {
      // Scala Seq, not java.util.List: Spark's row encoders (mapPartitions) refuse Java lists
      return v instanceof scala.collection.Seq<?> s
          && org.phenolip.core.compat.ScalaSeqs.asJava(s).stream().allMatch(e -> e != null && fits(a.elementType(), e));
    }
    return false;
  }

  @Test
  void packagedArticleRowsFitTheSchemas() throws Exception {
    ParsedArticle p = PmcReader.read(SourceDocument.of("PMC7654321.tgz", PmcReaderPackageTest.quirksPackage(false)));
    assertFits(PhenoKg.ARTICLE, KgRows.article(p.article()));
    Row a = KgRows.article(p.article());
    assertEquals("PMC7654321", a.getString(PhenoKg.ARTICLE.fieldIndex("article_id")));
    assertEquals(2021, a.getInt(PhenoKg.ARTICLE.fieldIndex("year")));
    for (Figure f : p.figures()) assertFits(PhenoKg.FIGURE, KgRows.figure(f));
    Row f1 = KgRows.figure(p.figures().get(0));
    assertEquals("PMC7654321/F1", f1.getString(PhenoKg.FIGURE.fieldIndex("figure_id")));
    assertEquals("Figure 1", f1.getString(PhenoKg.FIGURE.fieldIndex("label")));
    assertArrayEquals(PmcReaderPackageTest.JPG1, (byte[]) f1.get(PhenoKg.FIGURE.fieldIndex("image")));
    assertEquals("PMC7654321/quirks-fig1.jpg", f1.getString(PhenoKg.FIGURE.fieldIndex("image_name")));
    for (Reject r : p.rejects()) assertFits(PhenoKg.REJECT, KgRows.reject(r));
    assertEquals("image-missing", KgRows.reject(p.rejects().get(0)).getString(PhenoKg.REJECT.fieldIndex("reason")));
  }

  @Test
  void sparseArticleRowFits() throws Exception {
    ParsedArticle p = JatsReaderTest.parse("minimal-no-ids.xml");
    assertFits(PhenoKg.ARTICLE, KgRows.article(p.article()));
    for (Figure f : p.figures()) assertFits(PhenoKg.FIGURE, KgRows.figure(f));
  }
}
