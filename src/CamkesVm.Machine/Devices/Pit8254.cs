using CamkesVm.Machine.Bus;
using CamkesVm.Machine.Interrupts;
using CamkesVm.Machine.Time;

namespace CamkesVm.Machine.Devices;

/// <summary>
/// The Intel 8254 programmable interval timer (Intel 8254 datasheet, order no. 231164) as wired in a PC:
/// three counters at ports 0x40-0x42 and the control word register at 0x43, clocked at 1.193182 MHz.
/// Counter 0's OUT drives IRQ0 (its transitions are scheduled on a <see cref="DeviceTimer"/>, never ticked
/// per instruction); counter 1 (the old DRAM refresh) just counts; counter 2's gate and OUT are on port
/// 0x61 (<see cref="Port61"/>). Supports modes 0-5, counter latch, read-back, LSB/MSB/both access, BCD.
/// </summary>
public sealed class Pit8254 : IBusDevice
{
    /// <summary>The input clock of every counter, Hz.</summary>
    public const long InputHz = 1_193_182;

    private readonly MachineClock _clock;
    private readonly IInterruptLine _irq0;
    private readonly DeviceTimer _timer;
    private readonly Pit8254Channel[] _channels = [new(gate: true), new(gate: true), new(gate: false)];
    private bool _irqLevel;

    /// <summary>Creates the timer; <paramref name="irq0"/> follows counter 0's OUT.</summary>
    public Pit8254(MachineClock clock, IInterruptLine irq0)
    {
        _clock = clock;
        _irq0 = irq0;
        _timer = clock.CreateTimer("PIT counter 0", OnTimer);
        Port61 = new Pit8254Port61(this, clock);
    }

    /// <summary>The PC's system control port B at 0x61 (counter 2 gate, speaker, OUT2, refresh toggle).</summary>
    public Pit8254Port61 Port61 { get; }

    /// <summary>Counter <paramref name="index"/> (0-2), for inspection.</summary>
    public Pit8254Channel Channel(int index) => _channels[index];

    /// <summary>Maps the counters at 0x40-0x43 and port B at 0x61.</summary>
    public void MapDevices(PortBus ports)
    {
        ports.Map(0x40, 4, this, "PIT 8254");
        ports.Map(0x61, 1, Port61, "port 0x61 (PIT counter 2, speaker)");
    }

    /// <summary>Input clocks counted since power-on at guest time <paramref name="ns"/>.</summary>
    public static long TickAt(long ns) => (long)((Int128)ns * InputHz / 1_000_000_000);

    /// <summary>The first guest nanosecond at which input clock <paramref name="tick"/> has happened.</summary>
    public static long NsOfTick(long tick) => (long)(((Int128)tick * 1_000_000_000 + InputHz - 1) / InputHz);

    private long Now => TickAt(_clock.NowNs);

    /// <summary>OUT of counter <paramref name="index"/> now.</summary>
    public bool Out(int index) => _channels[index].Out(Now);

    /// <summary>Drives counter <paramref name="index"/>'s gate.</summary>
    public void SetGate(int index, bool level)
    {
        if (index == 0) CatchUp();
        _channels[index].SetGate(level, Now);
        if (index == 0) Reschedule(Now);
    }

    /// <inheritdoc/>
    public uint Read(uint offset, int size)
    {
        if (size != 1 || offset > 2) return BusValues.Open(size);
        return _channels[offset].ReadPort(Now);
    }

    /// <inheritdoc/>
    public void Write(uint offset, uint value, int size)
    {
        if (size != 1 || offset > 3) return;
        if (offset is 0 or 3) CatchUp();
        long tick = Now;
        byte v = (byte)value;
        if (offset == 3) ControlWord(v, tick);
        else _channels[offset].WritePort(v, tick);
        if (offset is 0 or 3) Reschedule(tick);
    }

    private void ControlWord(byte v, long tick)
    {
        int select = v >> 6;
        if (select == 3)
        {
            ReadBack(v, tick);
            return;
        }
        var channel = _channels[select];
        if ((v & 0x30) == 0) channel.LatchCount(tick);
        else channel.Control(v);
    }

    /// <summary>Read-back command: bit 5 clear latches counts, bit 4 clear latches status, bits 3-1 select.</summary>
    private void ReadBack(byte v, long tick)
    {
        for (int i = 0; i < 3; i++)
        {
            if ((v & (2 << i)) == 0) continue;
            if ((v & 0x10) == 0) _channels[i].LatchStatus(tick);
            if ((v & 0x20) == 0) _channels[i].LatchCount(tick);
        }
    }

    /// <summary>Brings IRQ0 to counter 0's OUT at <paramref name="tick"/> and arms the timer for its next change.</summary>
    private void Reschedule(long tick)
    {
        var c0 = _channels[0];
        SetIrq(c0.Out(tick));
        long next = c0.NextChange(tick);
        if (next < 0) _timer.Disarm();
        else _timer.Arm(NsOfTick(next));
    }

    /// <summary>
    /// Applies the OUT change that was due at <paramref name="deadlineNs"/>, then brings OUT to now. When the
    /// machine ran the timer late, the changes missed since then are coalesced (as the 8259A's edge latch would)
    /// rather than replayed, but never dropped: a mode 2 or 4 strobe (OUT low for one clock) that is over by
    /// now still gives IRQ0 its low level and then its rising edge.
    /// </summary>
    private void OnTimer(long deadlineNs)
    {
        long due = TickAt(deadlineNs), now = Now;
        SetIrq(_channels[0].Out(due));
        Reschedule(Math.Max(due, now));
    }

    /// <summary>
    /// Before the CPU reprograms counter 0, applies an OUT change that fell due while the CPU ran (the machine
    /// fires timers between time slices): on the chip it happened before this access.
    /// </summary>
    private void CatchUp()
    {
        if (!_timer.IsArmed || _timer.DeadlineNs > _clock.NowNs) return;
        long deadline = _timer.DeadlineNs;
        _timer.Disarm();
        OnTimer(deadline);
    }

    private void SetIrq(bool level)
    {
        if (level == _irqLevel) return;
        _irqLevel = level;
        _irq0.Set(level);
    }
}
