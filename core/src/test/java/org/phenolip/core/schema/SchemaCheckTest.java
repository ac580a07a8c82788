package org.phenolip.core.schema;

import static org.apache.spark.sql.types.DataTypes.*;
import static org.junit.jupiter.api.Assertions.*;

import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
  @Test
  void acceptsTheSchemaItselfAndANullableCopy() {
    SchemaCheck.require("pairs", PhenoKg.PAIR, PhenoKg.PAIR);
    SchemaCheck.require("pairs", PhenoKg.PAIR.asNullable(), PhenoKg.PAIR);
  }

  @Test
  void namesEveryMissingOrMistypedColumn() {
    StructType got = new StructType().add("pair_id", StringType).add("span_start", StringType);
    var e = assertThrows(IllegalArgumentException.class, () -> SchemaCheck.require("pairs", got, PhenoKg.PAIR));
    assertTrue(e.getMessage().contains("missing column 'hpo_id'"), e.getMessage());
    assertTrue(e.getMessage().contains("column 'span_start' is string, expected int"), e.getMessage());
  }

  @Test
  void systemsHaveUniqueKeysAndResolveBothWays() {
    for (AnatomicalSystem s : AnatomicalSystem.values()) {
      assertEquals(s, AnatomicalSystem.byKey(s.key()).orElseThrow());
      if (s != AnatomicalSystem.OTHER) assertEquals(s, AnatomicalSystem.byHpoId(s.hpoId()).orElseThrow());
    }
    assertEquals(23, AnatomicalSystem.values().length - 1);
  }
}
