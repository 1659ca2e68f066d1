"""Edit mode: the stage manager builds the cue list, the patch and the departments."""
