/**
 * Our own expression IR: parameters, inputs and operations over them, with shapes inferred and
 * checked while the expression is built (not at the first training step). Nothing here depends
 * on SameDiff; {@code dev.descent.compile} lowers these expressions to a SameDiff graph.
 */
@NullMarked
package dev.descent.graph;

import org.jspecify.annotations.NullMarked;
