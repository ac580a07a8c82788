package org.phenolip.kg.pmc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one version folder of the PMC Cloud Service layout ({@code PMC<id>.<v>/PMC<id>.<v>.xml},
 * {@code PMC<id>.<v>.json} and the images) from any Hadoop file system (local, HDFS, s3a). The JATS
 * is read as {@link JatsReader} reads it, images are attached as for OA packages, and the metadata
 * JSON, NCBI's own record, fills {@code license} (its {@code license_code}), {@code pmid},
 * {@code doi}, {@code version} and {@code is_retracted}, taking precedence over the XML where it
 * has a value. Never throws on bad input: a missing or unreadable XML/JSON becomes a reject.
 */
public final class PmcVersionReader {
  private PmcVersionReader() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** True when the folder name is a version ({@code PMC123.4}). */
  public static boolean isVersionName(String name) {
    return name.matches("PMC\\d+\\.\\d+");
  }

  public static ParsedArticle read(String folder, Configuration conf) {
    return read(folder, conf, PmcLimits.DEFAULT);
  }

  /** As {@link PmcReader} does for packages: sizes are checked before bytes are read. */
  public static ParsedArticle read(String folder, Configuration conf, PmcLimits limits) {
    String source = folder.replaceAll("/+$", "");
    Path dir = new Path(source);
    String name = dir.getName();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Map<String, Long> sizes = new HashMap<>();
      Map<String, byte[]> images = new HashMap<>();
      FileStatus xmlFile = null, jsonFile = null;
      for (FileStatus st : fs.listStatus(dir)) {
        if (!st.isFile()) continue;
        String n = st.getPath().getName();
        if (n.startsWith(".") || n.startsWith("_")) continue;
        if (n.equals(name + ".xml")) xmlFile = st;
        else if (n.equals(name + ".json")) jsonFile = st;
        else if (org.phenolip.kg.fetch.GraphicRefs.isImage(n)) {
          sizes.put(n, st.getLen());
          if (st.getLen() <= limits.maxEntryBytes()) images.put(n, read(fs, st.getPath()));
        }
      }
      if (xmlFile == null) return ParsedArticle.rejected(Reject.of(source, RejectReason.IO_ERROR, "no " + name + ".xml in the version folder"));
      long xmlLimit = Math.min(limits.maxFileBytes(), limits.maxArticleBytes());
      if (xmlFile.getLen() > xmlLimit) {
        return ParsedArticle.rejected(Reject.of(source, RejectReason.FILE_TOO_LARGE,
            xmlFile.getLen() + " bytes exceeds the article XML limit of " + xmlLimit));
      }
      ParsedArticle parsed = JatsReader.read(source + "!" + name + ".xml", read(fs, xmlFile.getPath()));
      if (parsed.isRejected()) return parsed;
      ParsedArticle withImages = PmcReader.withFolderImages(source, parsed, sizes, images, limits);
      if (jsonFile == null || withImages.isRejected()) return withImages;
      JsonNode m;
      try {
        m = MAPPER.readTree(read(fs, jsonFile.getPath()));
      } catch (IOException e) {
        return ParsedArticle.rejected(Reject.of(source, RejectReason.IO_ERROR, "metadata JSON unreadable: " + e.getMessage()));
      }
      return new ParsedArticle(withMetadata(withImages.article(), m), withImages.figures(), withImages.rejects());
    } catch (IOException | RuntimeException e) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.IO_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  static Article withMetadata(Article a, JsonNode m) {
    String license = text(m, "license_code");
    String pmid = text(m, "pmid");
    String doi = text(m, "doi");
    JsonNode v = m.get("version");
    Integer version = v != null && v.canConvertToInt() ? v.asInt() : a.version();
    JsonNode r = m.get("is_retracted");
    Boolean retracted = r != null && r.isBoolean() ? r.asBoolean() : a.retracted();
    return new Article(a.articleId(), a.pmcid(), pmid != null ? pmid : a.pmid(), doi != null ? doi : a.doi(), a.title(), a.journal(),
        a.year(), license != null ? license : a.license(), a.subjects(), a.source(), version, retracted);
  }

  private static String text(JsonNode m, String k) {
    JsonNode v = m.get(k);
    if (v == null || v.isNull()) return null;
    String s = v.asText();
    return s.isBlank() ? null : s;
  }

  private static byte[] read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }
}
