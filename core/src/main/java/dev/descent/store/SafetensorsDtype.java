package dev.descent.store;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;

/** The element types of the safetensors format, by the names its headers use, with their sizes. */
enum SafetensorsDtype {
    BOOL(1, DataType.BOOL), U8(1, DataType.UINT8), I8(1, DataType.INT8), I16(2, DataType.INT16), U16(2, null),
    F16(2, DataType.FLOAT), BF16(2, DataType.FLOAT), I32(4, DataType.INT32), U32(4, null), F32(4, DataType.FLOAT),
    F64(8, DataType.DOUBLE), I64(8, DataType.INT64), U64(8, null), F8_E4M3(1, null), F8_E5M2(1, null);

    final int bytes;
    /** The ND4J type a tensor of this type loads as (16-bit floats widen to float32), or null when it cannot load. */
    final @Nullable DataType loadsAs;

    SafetensorsDtype(int bytes, @Nullable DataType loadsAs) {
        this.bytes = bytes;
        this.loadsAs = loadsAs;
    }

    static @Nullable SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The type an ND4J array is written as, or null when the format has none for it. */
    static @Nullable SafetensorsDtype of(DataType t) {
        return switch (t) {
            case FLOAT -> F32;
            case DOUBLE -> F64;
            case LONG -> I64;
            case INT -> I32;
            case SHORT -> I16;
            case BYTE -> I8;
            case UBYTE -> U8;
            case BOOL -> BOOL;
            default -> null;
        };
    }
}
