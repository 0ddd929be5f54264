class EngineLayer:
    """tensorflow layers hold tf.Variables through kbackend Variables; nothing extra yet."""

    def _engine_init(self):
        pass

    def _engine_track_variable(self, variable):
        pass

    def _engine_track_sublayer(self, path, layer):
        pass

    def _engine_training_mode(self):
        # Only torch has a module-level train()/eval() mode.
        return None
