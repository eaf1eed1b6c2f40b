using CamkesVm.Machine.Bus;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The command/status port 0x64 of an 8042 keyboard controller, reduced to what reboot needs: command 0xFE
/// pulses the output port's reset line (the "keyboard reset" of Linux's reboot=k, the default fallback).
/// The status register reads 0: output buffer empty (no data), input buffer empty (ready for a command),
/// so kb_wait() in Linux returns at once. Other commands are ignored.
/// </summary>
public sealed class KeyboardControllerReset : ByteWideDevice
{
    /// <summary>The 8042 command that pulses the CPU reset line.</summary>
    public const byte PulseResetCommand = 0xFE;

    private readonly Action _reset;

    /// <summary>Creates the port; <paramref name="reset"/> runs on command 0xFE.</summary>
    public KeyboardControllerReset(Action reset) => _reset = reset ?? throw new ArgumentNullException(nameof(reset));

    /// <inheritdoc/>
    protected override byte ReadByte(uint offset) => offset == 0 ? (byte)0 : (byte)0xFF;

    /// <inheritdoc/>
    protected override void WriteByte(uint offset, byte value)
    {
        if (offset == 0 && value == PulseResetCommand) _reset();
    }
}
