/**
 * A small HTTP prediction service on the JDK's built-in server: JSON in and out, hot swap of a
 * retrained model without dropping requests, 4xx answers with a reason for malformed requests.
 */
@NullMarked
package dev.descent.examples.serve;

import org.jspecify.annotations.NullMarked;
