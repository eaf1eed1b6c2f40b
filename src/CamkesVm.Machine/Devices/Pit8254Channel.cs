namespace CamkesVm.Machine.Devices;

/// <summary>
/// One counter of the Intel 8254 (Intel 8254 datasheet, order no. 231164, "Modes 0-5" and "Read
/// Operations"). The counting element is not ticked: its value and OUT are computed from the number of
/// input clocks since the count was loaded. A count written by the CPU is loaded on the next clock
/// (so mode 0 OUT rises N+1 clocks after the write, as the datasheet says). In mode 2 and 3 a new count
/// written while counting takes effect at the end of the current period. Mode 3 reads decrement by two per
/// clock within each half period. BCD counting (count register as four BCD digits, modulus 10000) is honoured.
/// </summary>
public sealed class Pit8254Channel
{
    private int _count = 0x10000;   // N, in clocks (BCD counts are converted to binary)
    private int _pendingCount;       // a count written while counting (modes 1, 2, 3, 5), 0 = none
    private long _pendingAt = long.MaxValue; // modes 2/3: the clock at which the pending count becomes N
    private long _loadTick;          // clock at which the counting element was (or will be) loaded
    private long _frozenElapsed;     // elapsed clocks while the gate suspends counting
    private bool _counting, _suspended, _gate;
    private ushort _latch;
    private bool _countLatched, _latchMsbNext, _readLsbDone, _writeMsbNext, _statusLatched;
    private byte _status, _writeLsb;

    internal Pit8254Channel(bool gate) => _gate = gate;

    /// <summary>The operating mode 0-5.</summary>
    public int Mode { get; private set; }

    /// <summary>Read/write access: 1 = LSB only, 2 = MSB only, 3 = LSB then MSB.</summary>
    public int Access { get; private set; } = 3;

    /// <summary>True when the counter counts in BCD.</summary>
    public bool Bcd { get; private set; }

    /// <summary>True between a control word or count write and the count's loading into the counting element.</summary>
    public bool NullCount { get; private set; } = true;

    /// <summary>The gate input.</summary>
    public bool Gate => _gate;

    private int Modulus => Bcd ? 10000 : 0x10000;

    /// <summary>A control word for this counter (bits 5-0: RW, M, BCD).</summary>
    internal void Control(byte value)
    {
        Mode = (value >> 1) & 7;
        if (Mode > 5) Mode -= 4; // 110 and 111 are modes 2 and 3
        Access = (value >> 4) & 3;
        Bcd = (value & 1) != 0;
        _counting = _suspended = false;
        _pendingCount = 0;
        _pendingAt = long.MaxValue;
        _countLatched = _statusLatched = false;
        _readLsbDone = _writeMsbNext = false;
        NullCount = true;
    }

    /// <summary>A counter latch command: holds the current count until it is read.</summary>
    internal void LatchCount(long tick)
    {
        if (_countLatched) return;
        _latch = CountRegisterValue(tick);
        _countLatched = true;
        _latchMsbNext = false;
    }

    /// <summary>The status byte of a read-back command (OUT, null count, RW, mode, BCD).</summary>
    internal void LatchStatus(long tick)
    {
        if (_statusLatched) return;
        _status = (byte)((Out(tick) ? 0x80 : 0) | (NullCount ? 0x40 : 0) | Access << 4 | Mode << 1 | (Bcd ? 1 : 0));
        _statusLatched = true;
    }

    /// <summary>A CPU read of the counter's port.</summary>
    internal byte ReadPort(long tick)
    {
        if (_statusLatched)
        {
            _statusLatched = false;
            return _status;
        }
        if (_countLatched) return ReadLatched();
        ushort value = CountRegisterValue(tick);
        return Access switch
        {
            1 => (byte)value,
            2 => (byte)(value >> 8),
            _ => (_readLsbDone = !_readLsbDone) ? (byte)value : (byte)(value >> 8), // LSB, then MSB
        };
    }

    private byte ReadLatched()
    {
        bool msb = Access == 2 || (Access == 3 && _latchMsbNext);
        if (Access == 3 && !_latchMsbNext) _latchMsbNext = true;
        else _countLatched = false;
        return msb ? (byte)(_latch >> 8) : (byte)_latch;
    }

    /// <summary>A CPU write of the counter's port (a count byte).</summary>
    internal void WritePort(byte value, long tick)
    {
        Fold(tick);
        if (Access == 3 && !_writeMsbNext)
        {
            _writeLsb = value;
            _writeMsbNext = true;
            if (Mode == 0) _counting = false; // the first byte of a new mode 0 count stops counting
            return;
        }
        _writeMsbNext = false;
        int raw = Access switch { 1 => value, 2 => value << 8, _ => _writeLsb | value << 8 };
        LoadCount(FromRegister(raw), tick);
    }

    private void LoadCount(int count, long tick)
    {
        if (_counting && Mode is 1 or 2 or 3 or 5 && tick >= _loadTick)
        {
            _pendingCount = count;
            bool periodic = Mode is 2 or 3 && !_suspended;
            _pendingAt = periodic ? _loadTick + (Elapsed(tick) / _count + 1) * _count : long.MaxValue;
            return;
        }
        _count = count;
        if (Mode is 1 or 5) return; // loaded by the next gate trigger
        Start(tick);
    }

    private void Start(long tick)
    {
        if (_pendingCount != 0) _count = _pendingCount;
        _pendingCount = 0;
        _pendingAt = long.MaxValue;
        _counting = true;
        NullCount = false;
        _loadTick = tick + 1;
        _suspended = !_gate && Mode is 0 or 2 or 3 or 4;
        _frozenElapsed = 0;
    }

    /// <summary>Drives the gate input (channel 2: port 0x61 bit 0; channels 0 and 1 are tied high).</summary>
    internal void SetGate(bool level, long tick)
    {
        Fold(tick);
        bool rising = level && !_gate;
        _gate = level;
        switch (Mode)
        {
            case 0 or 4:
                if (!_counting) break;
                if (!level && !_suspended) { _frozenElapsed = Elapsed(tick); _suspended = true; }
                else if (level && _suspended) { _loadTick = tick - _frozenElapsed; _suspended = false; }
                break;
            case 2 or 3:
                if (!level) _suspended = true;
                else if (rising && _counting) Start(tick);
                break;
            default:
                if (rising) Start(tick);
                break;
        }
    }

    /// <summary>Clocks counted since the counting element was loaded (0 before the loading clock).</summary>
    private long Elapsed(long tick)
    {
        if (!_counting) return 0;
        if (_suspended) return _frozenElapsed;
        return Math.Max(0, tick - _loadTick);
    }

    /// <summary>Mode 2/3: a count written during counting becomes N at the end of the current period.</summary>
    private void Fold(long tick)
    {
        if (tick < _pendingAt || _suspended) return;
        _loadTick = _pendingAt;
        _count = _pendingCount;
        _pendingCount = 0;
        _pendingAt = long.MaxValue;
        NullCount = false;
    }

    /// <summary>The OUT pin at input clock <paramref name="tick"/>.</summary>
    public bool Out(long tick)
    {
        Fold(tick);
        if (!_counting) return Mode != 0;
        long d = Elapsed(tick);
        return Mode switch
        {
            0 or 1 => d >= _count,
            2 => _suspended || d % _count != _count - 1,
            3 => _suspended || d % _count < (_count + 1) / 2,
            _ => _suspended || d != _count,
        };
    }

    /// <summary>The first clock after <paramref name="tick"/> at which OUT may change, or -1 when it stays.</summary>
    public long NextChange(long tick)
    {
        Fold(tick);
        if (!_counting || _suspended) return -1;
        long d = Elapsed(tick);
        long n = _count;
        long rel = Mode switch
        {
            0 or 1 => d < n ? n : -1,
            4 or 5 => d < n ? n : d == n ? n + 1 : -1,
            _ when n == 1 && Mode is 2 or 3 => -1, // illegal count: OUT never changes
            2 => d % n < n - 1 ? d - d % n + n - 1 : d - d % n + n,
            _ => d % n < (n + 1) / 2 ? d - d % n + (n + 1) / 2 : d - d % n + n,
        };
        return rel < 0 ? -1 : Math.Min(_loadTick + rel, _pendingAt);
    }

    /// <summary>The 16-bit count register as the CPU reads it (BCD-encoded in BCD mode).</summary>
    private ushort CountRegisterValue(long tick)
    {
        Fold(tick);
        long value = _count;
        if (_counting)
        {
            long d = Elapsed(tick);
            value = Mode switch
            {
                2 => _count - d % _count,
                3 => Mode3Value(d),
                _ => (((_count - d) % Modulus) + Modulus) % Modulus,
            };
        }
        return ToRegister((int)value);
    }

    private long Mode3Value(long d)
    {
        long n = _count, pos = d % n, high = (n + 1) / 2;
        long k = pos < high ? pos : pos - high;
        return Math.Max(2, (n & ~1L) - 2 * k);
    }

    private int FromRegister(int raw)
    {
        int value = Bcd ? FromBcd(raw) : raw;
        return value == 0 ? Modulus : value;
    }

    private ushort ToRegister(int value)
    {
        value %= Modulus;
        return (ushort)(Bcd ? ToBcd(value) : value);
    }

    private static int FromBcd(int raw) =>
        (raw >> 12 & 0xF) * 1000 + (raw >> 8 & 0xF) * 100 + (raw >> 4 & 0xF) * 10 + (raw & 0xF);

    private static int ToBcd(int v) => v / 1000 << 12 | v / 100 % 10 << 8 | v / 10 % 10 << 4 | v % 10;
}
