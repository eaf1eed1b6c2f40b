using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// PC system control port B at 0x61 (PIIX/PIIX3 datasheet "NMI Status and Control Register", the IBM AT
/// port B): bit 0 counter 2 gate, bit 1 speaker data enable, bits 2-3 SERR#/IOCHK# NMI disables (stored),
/// bit 4 refresh cycle toggle (flips every 15.085 µs), bit 5 counter 2 OUT, bits 6-7 NMI sources (never set).
/// </summary>
public sealed class Pit8254Port61 : IBusDevice
{
    /// <summary>The refresh request period of the PC (counter 1 programmed to 18 clocks), ns.</summary>
    public const long RefreshToggleNs = 15_085;

    private readonly Pit8254 _pit;
    private readonly MachineClock _clock;
    private byte _control;

    internal Pit8254Port61(Pit8254 pit, MachineClock clock)
    {
        _pit = pit;
        _clock = clock;
    }

    /// <summary>Bit 1: the speaker follows counter 2's OUT (no sound is produced).</summary>
    public bool SpeakerEnabled => (_control & 0x02) != 0;

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (offset != 0 || size != 1) return BusValues.Open(size);
        bool refresh = (_clock.NowNs / RefreshToggleNs & 1) != 0;
        return (uint)(_control & 0x0F | (refresh ? 0x10 : 0) | (_pit.Out(2) ? 0x20 : 0));
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (offset != 0 || size != 1) return;
        _control = (byte)(value & 0x0F);
        _pit.SetGate(2, (value & 1) != 0);
    }
}
