package org.phenolip.curate.refine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.phenolip.core.io.Json;

/**
 * The versioned prompt and the strict answer schema. A change to either wording or schema must
 * bump {@link #VERSION}: it is part of the cache key, so old answers are not reused for a new prompt.
 *
 * <p>Answer schema: the assistant message's content is one JSON object with exactly one field,
 * {@code {"caption": "<refined caption>"}}, a non-empty string (a surrounding ```json fence is tolerated).
 */
public final class RefinePrompt {
  public static final String VERSION = "refine-v1";

  static final String SYSTEM = String.join(" ",
      "You clean figure captions for a medical image-text dataset.",
      "Rewrite the subcaption you are given into one self-contained description of what this image panel shows.",
      "Remove panel letters and figure references (\"(A)\", \"Fig. 2\", \"see text\"), arrows, arrowheads, asterisks,",
      "scale bars, magnifications, stains' technical details and statistics (p values, n =, error bars).",
      "Keep every clinical finding, sign, phenotype term, anatomical site and imaging modality, in the words of the input.",
      "Do not add any finding, diagnosis, body part or detail that the input does not state; do not guess.",
      "If nothing needs removing, return the input unchanged.",
      "Answer with a JSON object only, exactly: {\"caption\": \"<the refined subcaption>\"}");

  private RefinePrompt() {}

  /** The chat-completions request body for one subcaption. */
  public static String requestBody(String model, String subcaption) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    body.put("temperature", 0);
    // a refinement removes words: the answer needs about as many tokens as the input (~4 chars per token)
    body.put("max_tokens", Math.min(2048, 64 + subcaption.length() / 2));
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", SYSTEM);
    messages.addObject().put("role", "user").put("content", "Subcaption:\n" + subcaption);
    body.putObject("response_format").put("type", "json_object");
    try {
      return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Thrown when a response does not follow the API's shape or the answer schema; the message is a short reason. */
  public static final class BadAnswer extends Exception {
    private static final long serialVersionUID = 1L;
    BadAnswer(String why) { super(why); }
  }

  /** The refined caption from a chat-completions response body. */
  public static String parseAnswer(String responseBody) throws BadAnswer {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(responseBody);
    } catch (JsonProcessingException e) {
      throw new BadAnswer("response is not JSON");
    }
    JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
    if (content == null || !content.isTextual()) throw new BadAnswer("no choices[0].message.content string");
    String c = content.asText().strip();
    if (c.startsWith("```")) c = c.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(c);
    } catch (JsonProcessingException e) {
      throw new BadAnswer("content is not JSON");
    }
    if (answer == null || !answer.isObject() || answer.size() != 1 || !answer.has("caption")) {
      throw new BadAnswer("content is not {\"caption\": string}");
    }
    if (!answer.get("caption").isTextual()) throw new BadAnswer("caption is not a string");
    return answer.get("caption").asText().strip();
  }
}
