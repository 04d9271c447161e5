package dev.descent.kotlin

import dev.descent.optim.Sgd
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Optimizers, schedules and stop rules: named arguments map onto torch's names and defaults. */
class OptimizersTest {
    @Test
    fun `sgd's named arguments are torch's options`() {
        val rule = sgd(lr = 0.05, momentum = 0.9, dampening = 0.0, weightDecay = 1e-4, nesterov = true).build() as Sgd
        assertEquals(mapOf("lr" to 0.05, "momentum" to 0.9, "dampening" to 0.0, "weight_decay" to 1e-4,
            "nesterov" to true, "maximize" to false), rule.hyperParameters())
        assertEquals(true, sgd(0.1, maximize = true).build().hyperParameters()["maximize"])
    }

    @Test
    fun `sgd is validated with torch's wording`() {
        assertTrue(assertFailsWith<IllegalArgumentException> { sgd(-0.1).build() }.message!!
            .startsWith("Invalid learning rate: -0.1"))
        assertTrue(assertFailsWith<IllegalArgumentException> { sgd(0.1, nesterov = true).build() }.message!!
            .startsWith("Nesterov momentum requires a momentum and zero dampening"))
    }

    @Test
    fun `the other rules take torch's names and defaults`() {
        fun hp(spec: OptimizerSpec) = spec.build().hyperParameters()
        assertEquals(hp(dev.descent.dsl.Descent.adam(1e-3)), hp(adam()))
        assertEquals(hp(dev.descent.dsl.Descent.adamw(1e-3)), hp(adamw()))
        assertEquals(hp(dev.descent.dsl.Descent.rmsprop(1e-2)), hp(rmsprop()))
        assertEquals(hp(dev.descent.dsl.Descent.adagrad(1e-2)), hp(adagrad()))
        assertEquals(hp(dev.descent.dsl.Descent.adadelta(1.0)), hp(adadelta()))
        assertEquals(true, hp(adam(amsgrad = true))["amsgrad"])
        assertEquals(true, hp(adamw(amsgrad = true))["amsgrad"])
        val centered = hp(rmsprop(momentum = 0.9, centered = true))
        assertEquals(0.9, centered["momentum"])
        assertEquals(true, centered["centered"])
        assertEquals(0.95, hp(adadelta(rho = 0.95))["rho"])
        assertEquals(0.05, hp(adamw(weightDecay = 0.05))["weight_decay"])
        assertEquals(listOf(0.8, 0.9), hp(adam(beta1 = 0.8, beta2 = 0.9))["betas"])
        assertEquals(0.9, hp(optimizer("rmsprop", "lr" to 0.01, "alpha" to 0.9))["alpha"])
        assertTrue(assertFailsWith<IllegalArgumentException> { optimizer("nope").build() }.message!!
            .startsWith("Unknown update rule 'nope'; known rules are"))
    }

    @Test
    fun `schedules are torch's closed forms`() {
        assertEquals(0.1 * 0.5, stepLr(stepSize = 2, gamma = 0.5).lr(0.1, 2), 1e-12)
        assertEquals(ScheduleUnit.STEP, stepLr(2, unit = ScheduleUnit.STEP).unit())
        assertEquals(0.1 * 0.01, multiStepLr(listOf(1, 3)).lr(0.1, 3), 1e-12)
        assertEquals(0.1 * 0.9 * 0.9, exponentialLr(0.9).lr(0.1, 2), 1e-12)
        assertEquals(0.0, cosineLr(tMax = 10).lr(0.1, 10), 1e-12)
        assertEquals(0.1, cosineWarmRestarts(t0 = 5).lr(0.1, 5), 1e-12)
        assertEquals(0.01, linearWarmup(steps = 10).lr(0.1, 0), 1e-12)
    }

    @Test
    fun `stop rules combine with infix or`() {
        val bowl = param("a", 1.0)
        val path = minimize(bowl * bowl) { optimizer = sgd(0.1); stopWhen(lossBelow(0.5) or maxSteps(100)) }
        assertEquals(3, path.steps, "losses 1, 0.64, 0.41: the third step's loss is below 0.5")
        assertEquals(3, minimize(bowl * bowl) { optimizer = sgd(0.0); stopWhen(lossBelow(0.0) or maxSteps(3)) }.steps)
        assertTrue(paramTolerance(1e-6).toString().isNotEmpty())
        assertTrue(plateau(patience = 2).toString().isNotEmpty())
        assertTrue(maxEpochs(2).toString().isNotEmpty())
    }
}
