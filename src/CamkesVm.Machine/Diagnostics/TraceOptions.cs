namespace CamkesVm.Machine.Diagnostics;

/// <summary>What <c>--trace</c> prints. All off by default; when off the machine runs its normal fast path.</summary>
[Flags]
public enum TraceOptions
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Every executed instruction, disassembled (Iced), with CS:EIP.</summary>
    Instructions = 1,
    /// <summary>With <see cref="Instructions"/>: the general registers and EFLAGS before each one (like qemu -d cpu).</summary>
    Registers = 2,
    /// <summary>Every interrupt the CPU accepts from its interrupt controller, with its vector.</summary>
    Interrupts = 4,
    /// <summary>Every port access with its value.</summary>
    PortIo = 8,
}
