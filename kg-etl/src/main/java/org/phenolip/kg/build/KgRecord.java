package org.phenolip.kg.build;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/** One output row of the PMC part of a build, tagged with the dataset it belongs to. */
record KgRecord(String dataset, Row row) implements Serializable {}
