package org.phenolip.train.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model and the trainers never call DJL's array–number operations that autograd records
 * with their operand ({@code mul}, {@code div}, {@code maximum}, {@code minimum}, {@code pow} of a
 * {@code Number}): that operand is a Java buffer DJL lets the garbage collector free before
 * backward reads it (issue 9). {@code org.phenolip.model.engine.Scalars} is the way.
 */
class ScalarOperandsTest {
  static final Set<String> RECORDED_WITH_OPERAND = Set.of("mul", "div", "maximum", "minimum", "pow");

  static final ArchRule NO_NUMBER_OPERANDS = noClasses()
      .that().resideOutsideOfPackage("org.phenolip.model.engine..")
      .should().callMethodWhere(new DescribedPredicate<JavaMethodCall>("NDArray.{mul,div,maximum,minimum,pow}(Number)") {
        @Override
        public boolean test(JavaMethodCall call) {
          var target = call.getTarget();
          return RECORDED_WITH_OPERAND.contains(target.getName())
              && target.getRawParameterTypes().size() == 1
              && target.getRawParameterTypes().get(0).isEquivalentTo(Number.class)
              && target.getOwner().isAssignableTo(NDArray.class);
        }
      })
      .because("autograd keeps the scalar for backward, and DJL frees its Java buffer at the next GC:"
          + " use org.phenolip.model.engine.Scalars (issue 9)");

  @Test
  void modelAndTrainersUseNativeScalars() {
    JavaClasses product = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.phenolip.model", "org.phenolip.train");
    for (String pkg : List.of("org.phenolip.model.tower", "org.phenolip.model.engine", "org.phenolip.train.loss", "org.phenolip.train.stage2")) {
      assertTrue(product.containPackage(pkg), "no classes imported from " + pkg);
    }
    NO_NUMBER_OPERANDS.check(product);
  }

  /** Calls the kind of operation the rule forbids. */
  static final class HalfOf {
    static NDArray of(NDArray x) {
      return x.mul(0.5f);
    }
  }

  @Test
  void theRuleBites() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> NO_NUMBER_OPERANDS.check(new ClassFileImporter().importClasses(HalfOf.class)));
    assertTrue(e.getMessage().contains(HalfOf.class.getName()) && e.getMessage().contains("mul"), e.getMessage());
  }
}
