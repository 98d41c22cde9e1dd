"""The PySD model adapter: translation cache, behavioural parameters, data-to-model inputs."""
