namespace CamkesVm.Machine.Boot;

/// <summary>
/// A kernel, initrd or command line that cannot be booted. The message says what is wrong with which
/// file and how to fix it; the CLI prints it as is.
/// </summary>
public sealed class BootImageException(string message) : Exception(message);
