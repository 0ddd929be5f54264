"""Parses an EinsumDense equation into kernel, bias and output shapes."""

import re

_FORMS = (
    # (pattern after "..." -> "0", where the elided dims go)
    (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", None),
    (r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", "left"),
    (r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", "right"),
)


def analyze_einsum_string(equation, bias_axes, input_shape, output_shape, layer_name):
    """Returns ``(kernel_shape, bias_shape or None, full_output_shape)``.

    ``output_shape`` excludes the batch axis; "..." in the equation stands for the input
    dims not named by letters (leading, or trailing after at least two named dims).
    """
    replaced = equation.replace("...", "0")
    for pattern, elided_side in _FORMS:
        match = re.fullmatch(pattern, replaced)
        if match:
            return _analyze_split(match.groups(), elided_side, bias_axes, tuple(input_shape),
                                  output_shape, equation, layer_name)
    raise ValueError(
        f"EinsumDense {layer_name}: invalid equation {equation!r}. Expected the form "
        "'ab,bc->ac', '...ab,bc->...ac' or 'abc...,cd->abd...' (input,kernel->output)."
    )


def _analyze_split(groups, elided_side, bias_axes, input_shape, output_shape, equation,
                   layer_name):
    input_spec, weight_spec, output_spec = groups
    elided = len(input_shape) - len(input_spec)
    if elided < 0 or (elided > 0 and elided_side is None):
        raise ValueError(
            f"EinsumDense {layer_name}: the equation {equation!r} names {len(input_spec)} "
            f"input dims, but the input shape {input_shape} has rank {len(input_shape)}."
        )
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and elided_side == "left":
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output_shape.append(input_shape[i])
    if len(output_shape) != len(output_spec) + (elided if elided_side else 0):
        raise ValueError(
            f"EinsumDense {layer_name}: output_shape (batch axis excluded) gives a full "
            f"output shape {tuple(output_shape)}, which does not match the output part "
            f"{output_spec!r} of equation {equation!r}."
        )
    if elided_side == "left":
        input_map = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        output_map = {d: i + elided - len(output_shape) for i, d in enumerate(output_spec)}
    else:
        input_map = {d: i for i, d in enumerate(input_spec)}
        output_map = {d: i for i, d in enumerate(output_spec)}
    for dim in input_spec:
        in_size = input_shape[input_map[dim]]
        if dim in output_map:
            out_size = output_shape[output_map[dim]]
            if out_size is not None and in_size is not None and out_size != in_size:
                raise ValueError(
                    f"EinsumDense {layer_name}: dim {dim!r} has size {in_size} in the input "
                    f"shape {input_shape} but {out_size} in the output shape "
                    f"{tuple(output_shape)}."
                )
            if out_size is None:
                output_shape[output_map[dim]] = in_size
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"EinsumDense {layer_name}: output dim {dim!r} of {equation!r} appears in "
                "neither the input nor the kernel."
            )
    kernel_shape = []
    for dim in weight_spec:
        if dim in input_map:
            kernel_shape.append(input_shape[input_map[dim]])
        elif dim in output_map:
            kernel_shape.append(output_shape[output_map[dim]])
        else:
            raise ValueError(
                f"EinsumDense {layer_name}: kernel dim {dim!r} of {equation!r} appears in "
                "neither the input nor the output, so its size is unknown."
            )
    if any(d is None for d in kernel_shape):
        raise ValueError(
            f"EinsumDense {layer_name}: kernel shape {tuple(kernel_shape)} has an unknown "
            f"dim; give its size in output_shape or the input shape {input_shape}."
        )
    bias_shape = None
    if bias_axes is not None:
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(
                    f"EinsumDense {layer_name}: bias axis {char!r} is not an output dim of "
                    f"{equation!r} (output dims: {output_spec!r})."
                )
        sizes = {char: output_shape[output_map[char]] for char in output_spec}
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[c] if c in bias_axes else 1 for c in output_spec[first:]]
        if elided_side == "right":
            bias_shape.extend([1] * elided)
    return tuple(kernel_shape), bias_shape and tuple(bias_shape), tuple(output_shape)
