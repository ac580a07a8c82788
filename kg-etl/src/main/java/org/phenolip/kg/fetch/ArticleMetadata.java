package org.phenolip.kg.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The core metadata JSON of one version ({@code PMC<id>.<v>.json}). Unknown keys are ignored and
 * missing ones read as null/false, since the README's key list is the only contract.
 */
public record ArticleMetadata(
    String pmcid,
    Integer version,
    String pmid,
    String doi,
    String title,
    String citation,
    boolean openAccess,
    boolean manuscript,
    boolean historicalOcr,
    boolean retracted,
    String licenseCode,
    ObjectRef xml,
    ObjectRef text,
    ObjectRef pdf,
    List<ObjectRef> media) implements Serializable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ArticleMetadata {
    media = List.copyOf(media);
  }

  /** Parses the JSON; a clear {@link IOException} when it is not an object. */
  public static ArticleMetadata parse(byte[] json) throws IOException {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IOException("metadata JSON unreadable: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
    }
    if (n == null || !n.isObject()) throw new IOException("metadata JSON is not an object");
    List<ObjectRef> media = new ArrayList<>();
    JsonNode m = n.get("media_urls");
    if (m != null && m.isArray()) {
      for (JsonNode u : m) {
        ObjectRef r = ObjectRef.parse(u.asText(null));
        if (r != null) media.add(r);
      }
    }
    JsonNode v = n.get("version");
    return new ArticleMetadata(str(n, "pmcid"), v != null && v.canConvertToInt() ? v.asInt() : null, str(n, "pmid"),
        str(n, "doi"), str(n, "title"), str(n, "citation"), bool(n, "is_pmc_openaccess"), bool(n, "is_manuscript"),
        bool(n, "is_historical_ocr"), bool(n, "is_retracted"), str(n, "license_code"),
        ObjectRef.parse(str(n, "xml_url")), ObjectRef.parse(str(n, "text_url")), ObjectRef.parse(str(n, "pdf_url")), media);
  }

  private static String str(JsonNode n, String k) {
    JsonNode v = n.get(k);
    if (v == null || v.isNull()) return null;
    String s = v.asText();
    return s.isBlank() ? null : s;
  }

  private static boolean bool(JsonNode n, String k) {
    JsonNode v = n.get(k);
    return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText()));
  }
}
