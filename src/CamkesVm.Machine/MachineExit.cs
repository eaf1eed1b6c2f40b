namespace CamkesVm.Machine;

/// <summary>Why a machine stopped running.</summary>
public enum MachineExitKind
{
    /// <summary>ACPI power-off (SLP_EN with S5).</summary>
    PowerOff,
    /// <summary>The guest wrote to the isa-debug-exit port.</summary>
    DebugExit,
    /// <summary>The guest asked for a reset (port 0x92, 0xCF9, keyboard controller); we stop, as qemu -no-reboot.</summary>
    Reset,
    /// <summary>Triple fault or other processor shutdown.</summary>
    Shutdown,
    /// <summary>HLT with interrupts disabled and nothing that could wake it.</summary>
    Halted,
    /// <summary>The host stopped it (Ctrl-A x, a test, an instruction limit).</summary>
    Stopped,
}

/// <summary>How and why the machine stopped, with the process exit status QEMU would give.</summary>
public readonly record struct MachineExit(MachineExitKind Kind, int Status, string Message);
