using CamkesVm.Machine;

namespace CamkesVm.Runtime;

/// <summary>
/// How a run of an assembly ended: <see cref="Kind"/>, <see cref="Status"/> and <see cref="Message"/> are those of
/// the first VM (by index) that exited with a non-zero status, else of the first VM, else of the host's
/// <see cref="AssemblyRuntime.Stop"/> or of the control components (their first non-zero <c>run()</c> result). A
/// component thread that failed makes an otherwise clean run's status 1.
/// </summary>
/// <param name="Kind">Why it ended.</param>
/// <param name="Status">The process exit status to give.</param>
/// <param name="Message">What to tell the user.</param>
/// <param name="Vms">Each VM's own exit, by instance name.</param>
/// <param name="Failures">Component threads that threw, as "thread: message".</param>
public sealed record AssemblyExit(MachineExitKind Kind, int Status, string Message,
                                  IReadOnlyDictionary<string, MachineExit> Vms, IReadOnlyList<string> Failures);

/// <summary>The assembly cannot be started; the message says which instance and what to do.</summary>
public sealed class AssemblyRuntimeException(string message, Exception? inner = null) : Exception(message, inner);
