namespace CamkesVm.Runtime;

/// <summary>
/// Thrown out of a blocking runtime call (<c>Wait</c>, <c>Lock</c>, a semaphore wait) when the assembly shuts
/// down, so that component threads blocked forever (the print server's <c>while (1) do_print_wait();</c>) end.
/// The runtime's thread wrapper catches it; component code should let it pass.
/// </summary>
public sealed class RuntimeShutdownException() : Exception("the assembly is shutting down");
