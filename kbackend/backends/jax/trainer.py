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
    """Compiles ``step_fn(data)`` (which reads/assigns Variables) into a jitted pure step.

    Note [donated state]: only the variables the step assigns are donated to the jitted
    call and returned by it. They are found by tracing the step once abstractly
    (``jax.eval_shape``: no compilation) before the first call. A predict or test step,
    which assigns nothing (or only metric variables), then neither invalidates nor copies
    the weights on every call. A variable a later trace assigns (other input shapes) is
    returned too, just not donated.
    """
    state_variables = list(state_variables)
    if jit_compile is False:
        return step_fn

    def pure(values, data):
        with StatelessScope(list(zip(state_variables, values))) as scope:
            outputs = step_fn(data)
        assigned = {id(v) for v in scope.assigned_variables}
        # A dict keyed by position: the output structure itself says which were assigned,
        # so every cached trace (one per input signature) maps its results correctly.
        new_values = {
            i: scope.get_current_value(v)
            for i, v in enumerate(state_variables) if id(v) in assigned
        }
        return outputs, new_values

    compiled = {}

    def split_pure(donated, kept, data):
        changed = compiled["changed"]
        values = list(kept)
        for i, value in zip(changed, donated):
            values.insert(i, value)
        outputs, new_values = pure(values, data)
        for i in changed:  # a donated buffer must come back, even if unchanged
            new_values.setdefault(i, values[i])
        return outputs, new_values

    def run(data):
        values = [v.value for v in state_variables]
        if "jitted" not in compiled:
            _, shapes = jax.eval_shape(pure, values, data)
            compiled["changed"] = sorted(shapes)
            compiled["jitted"] = jax.jit(split_pure, donate_argnums=0)
        changed = compiled["changed"]
        changed_set = set(changed)
        donated = [values[i] for i in changed]
        kept = [value for i, value in enumerate(values) if i not in changed_set]
        outputs, new_values = compiled["jitted"](donated, kept, data)
        for i, value in new_values.items():
            state_variables[i]._direct_assign(value)
        return outputs

    return run
