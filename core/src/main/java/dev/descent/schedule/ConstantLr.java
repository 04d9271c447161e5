package dev.descent.schedule;

/** The base rate throughout. */
record ConstantLr() implements LrFormula {
    @Override
    public double lr(double baseLr, long t) {
        return baseLr;
    }
}
