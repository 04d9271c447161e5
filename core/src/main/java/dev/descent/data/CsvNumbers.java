package dev.descent.data;

/**
 * The numbers a used CSV cell may hold, one rule for features, regression targets and numeric
 * class labels: plain decimals ({@code 12}, {@code -0.5}, {@code +1e-3}, {@code 2E5}), nothing else.
 */
final class CsvNumbers {

    private CsvNumbers() {
    }

    /**
     * The value of {@code text} if it is a plain decimal number (digits, {@code .}, a sign, an
     * exponent {@code e}/{@code E}), else NaN; a decimal beyond double range is infinite. Stricter
     * than {@link Double#parseDouble}, which also takes {@code "1f"}, {@code "2d"}, {@code "0x1p3"},
     * {@code "NaN"} and {@code "Infinity"}.
     */
    static double parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
