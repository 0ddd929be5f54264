import jax

from kbackend.backends.common.stateless_scope import StatelessScope


def value_and_grad(fn, argnums=0, has_aux=False):
    return jax.value_and_grad(fn, argnums=argnums, has_aux=has_aux)


def compute_gradients(loss_fn, variables, has_aux=False):
    # NOTE: jax differentiates functions of values: the variables are mapped to traced
    # values in an inner StatelessScope, and assignments made during loss_fn (e.g.
    # BatchNormalization statistics) are returned as aux and re-applied outside.
    variables = list(variables)

    def pure(values):
        with StatelessScope(list(zip(variables, values))) as scope:
            out = loss_fn()
        differentiated = {id(v) for v in variables}
        updates = [
            (v, value) for v, value in _assigned(scope) if id(v) not in differentiated
        ]
        loss, aux = (out if has_aux else (out, None))
        return loss, (aux, [value for _, value in updates], [v for v, _ in updates])

    values = [v.value for v in variables]
    # The update targets are only known after tracing, so trace once to find them.
    (loss, (aux, new_values, targets)), grads = _value_and_grad_with_targets(pure, values)
    for variable, value in zip(targets, new_values):
        variable.assign(value)
    return ((loss, aux) if has_aux else loss), grads


def _value_and_grad_with_targets(pure, values):
    holder = {}

    def wrapped(vals):
        loss, (aux, new_values, targets) = pure(vals)
        holder["targets"] = targets
        return loss, (aux, new_values)

    (loss, (aux, new_values)), grads = jax.value_and_grad(wrapped, has_aux=True)(values)
    return (loss, (aux, new_values, holder["targets"])), grads


def _assigned(scope):
    return [(v, scope.state_mapping[id(v)]) for v in scope.assigned_variables]


def make_function(step_fn, state_variables, jit_compile="auto"):
    """Compiles ``step_fn(data)`` (which reads/assigns Variables) into a jitted pure step."""
    state_variables = list(state_variables)
    if jit_compile is False:
        return step_fn

    def pure(state_values, data):
        with StatelessScope(list(zip(state_variables, state_values))) as scope:
            outputs = step_fn(data)
        return outputs, [scope.get_current_value(v) for v in state_variables]

    jitted = jax.jit(pure, donate_argnums=0)

    def run(data):
        values = [v.value for v in state_variables]
        outputs, new_values = jitted(values, data)
        for variable, value in zip(state_variables, new_values):
            variable._direct_assign(value)
        return outputs

    return run
