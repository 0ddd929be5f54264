"""Einsum equations for multi-head attention over arbitrary attention axes."""

import string

_LETTERS = string.ascii_lowercase


def projection_equation(input_rank, num_new_dims=2):
    """``"abc,cde->abde"``: project the last axis onto ``num_new_dims`` new axes.

    Returns ``(equation, bias_axes, output_rank)``.
    """
    inputs = _LETTERS[:input_rank]
    new = _LETTERS[input_rank:input_rank + num_new_dims]
    kernel = inputs[-1] + new
    output = inputs[:-1] + new
    return f"{inputs},{kernel}->{output}", new, len(output)


def output_equation(input_rank, num_output_dims):
    """``"abcd,cde->abe"``: contract (heads, value_dim) onto the output axes."""
    inputs = _LETTERS[:input_rank]
    new = _LETTERS[input_rank:input_rank + num_output_dims]
    kernel = inputs[-2:] + new
    output = inputs[:-2] + new
    return f"{inputs},{kernel}->{output}", new


def attention_equations(rank, attention_axes):
    """Score and combine equations for projected tensors of rank ``rank``.

    Projected tensors are ``(batch..., T..., heads, dim)``. The scores are laid out as
    ``(batch..., heads, T_query..., T_key...)`` so that a mask of shape
    ``(B, T_query, T_key)`` broadcasts after one head axis is inserted.
    """
    query = list(_LETTERS[:rank])
    key = list(query)
    extra = iter(_LETTERS[rank:])
    for axis in attention_axes:
        key[axis] = next(extra)
    value_dim_letter = next(extra)
    value = key[:-1] + [value_dim_letter]
    batch = [query[i] for i in range(rank - 2) if i not in attention_axes]
    scores = (batch + [query[-2]] + [query[i] for i in attention_axes]
              + [key[i] for i in attention_axes])
    output = query[:-1] + [value_dim_letter]
    score_equation = f"{''.join(key)},{''.join(query)}->{''.join(scores)}"
    combine_equation = f"{''.join(scores)},{''.join(value)}->{''.join(output)}"
    return score_equation, combine_equation
