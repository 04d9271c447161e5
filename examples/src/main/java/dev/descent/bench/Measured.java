package dev.descent.bench;

/**
 * The wall time of one timed section and how much resident memory and JavaCPP's native buffers
 * grew over it, the memory figures the peers report too.
 */
record Measured(long nanos, double rssGrowthMb, double javacppGrowthMb) {

    /** Runs {@code section} once, after collecting garbage so the memory baseline holds no leftovers. */
    static Measured run(Runnable section) {
        Proc.settle();
        double rss0 = Proc.rssMb();
        double jcp0 = Proc.javacppMb();
        long t0 = System.nanoTime();
        section.run();
        long t1 = System.nanoTime();
        return new Measured(t1 - t0, Proc.rssMb() - rss0, Proc.javacppMb() - jcp0);
    }

    void emitGrowth(Metrics out) {
        out.emit("rss_growth_mb", rssGrowthMb, "MB");
        out.emit("javacpp_bytes_growth_mb", javacppGrowthMb, "MB (native buffers JavaCPP tracks)");
    }
}
