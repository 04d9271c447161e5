package dev.descent.dsl.nn;

import java.util.Objects;

/**
 * Where a parameter (or buffer) of ours sits in PyTorch's {@code state_dict} of the equivalent
 * {@code nn.Sequential}: its name there and whether its layout is the transpose of ours (a dense
 * layer's weight is {@code [in, out]} here, {@code [out, in]} in {@code nn.Linear}).
 *
 * @param name       our parameter name ({@code layer0.weight})
 * @param torchName  torch's name ({@code 0.weight})
 * @param transposed whether torch stores the transpose
 */
public record TorchParameter(String name, String torchName, boolean transposed) {
    public TorchParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(torchName, "torchName");
    }
}
