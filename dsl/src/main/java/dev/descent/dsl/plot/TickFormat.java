package dev.descent.dsl.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Tick labels for a logarithmic axis: plain decimals in the everyday range ({@code 0.01}, {@code 2},
 * {@code 500}), compact scientific notation beyond it ({@code 1e-5}, {@code 3e6}), at most three
 * significant digits. JFreeChart's default would print exponents such as {@code 10^-0.4}.
 */
final class TickFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double v, StringBuffer out, FieldPosition pos) {
        return out.append(label(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer out, FieldPosition pos) {
        return out.append(label(v));
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        throw new UnsupportedOperationException("tick labels are not parsed");
    }

    static String label(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        double abs = Math.abs(v);
        if (abs >= 1e-3 && abs < 1e5) {
            return rounded.toPlainString();
        }
        String mantissa = rounded.unscaledValue().toString();
        int exponent = mantissa.length() - (mantissa.startsWith("-") ? 2 : 1) - rounded.scale();
        String digits = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
        String sign = mantissa.startsWith("-") ? "-" : "";
        String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return String.format(Locale.ROOT, "%s%se%d", sign, m, exponent);
    }
}
