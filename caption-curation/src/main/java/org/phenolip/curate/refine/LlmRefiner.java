package org.phenolip.curate.refine;

import java.util.Set;

/**
 * One subcaption through the LLM: request, strict answer schema, {@link AnswerCheck}. Never throws
 * for endpoint or model trouble; the {@link Refinement} says whether the answer is used and why not.
 */
public final class LlmRefiner {
  /** What became of one input. */
  public enum Status {
    /** answered and checked: use {@code text} */
    OK,
    /** answered, but the answer failed the check: keep the rule-refined text (cached, not asked again) */
    REJECTED,
    /** no usable answer (HTTP, timeout, malformed response, budget): keep the rule-refined text (asked again next run) */
    FAILED
  }

  public record Refinement(Status status, String text, String reason, String detail, int requests) {}

  private final LlmSettings settings;
  private final ChatClient client;
  private final AnswerCheck check;

  public LlmRefiner(LlmSettings settings, AnswerCheck check) {
    this.settings = settings;
    this.client = new ChatClient(settings);
    this.check = check;
  }

  public Refinement refine(String subcaption, Set<String> inputPhenotypes, ChatClient.RequestBudget budget) {
    ChatClient.Reply reply = client.complete(RefinePrompt.requestBody(settings.model(), subcaption), budget);
    if (!reply.ok()) return new Refinement(Status.FAILED, null, reply.failure(), reply.detail(), reply.requests());
    String answer;
    try {
      answer = RefinePrompt.parseAnswer(reply.body());
    } catch (RefinePrompt.BadAnswer e) {
      return new Refinement(Status.FAILED, null, "bad-json", e.getMessage(), reply.requests());
    }
    String problem = check.problem(subcaption, inputPhenotypes, answer);
    if (problem != null) return new Refinement(Status.REJECTED, answer, problem, "answer: " + clip(answer), reply.requests());
    return new Refinement(Status.OK, answer, null, null, reply.requests());
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
