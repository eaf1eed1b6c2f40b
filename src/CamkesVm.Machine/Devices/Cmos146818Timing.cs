namespace CamkesVm.Machine.Devices;

/// <summary>The MC146818A's time base: update cycles, UIP window and periodic rate (datasheet Table 5).</summary>
public sealed partial class Cmos146818
{
    private const long TimeBaseHz = 32_768;

    /// <summary>Runs every update cycle and periodic edge that has passed since the last call.</summary>
    private void Sync()
    {
        if (!DividerRunning) return;
        long now = _clock.NowNs;
        long updates = (now - _phaseNs) / SecondNs;
        while (_updatesDone < updates)
        {
            _updatesDone++;
            Update();
        }
        long periodic = PeriodicIndex(now);
        if (periodic > _periodicIndex)
        {
            _periodicIndex = periodic;
            _flags |= Pf;
        }
        UpdateIrq();
    }

    /// <summary>One update cycle: unless SET inhibits it, the time advances, UF is set and the alarm compared.</summary>
    private void Update()
    {
        if ((_b & SetBit) != 0) return;
        _calendar.Tick();
        _flags |= Uf;
        if (AlarmMatches()) _flags |= Af;
    }

    private bool AlarmMatches() =>
        AlarmMatches(SecondsAlarm, Seconds) && AlarmMatches(MinutesAlarm, Minutes) && AlarmMatches(HoursAlarm, Hours);

    private bool AlarmMatches(int alarm, int time)
    {
        byte a = _ram[alarm];
        return (a & 0xC0) == 0xC0 || a == _calendar.Read(time, Binary, Hours24); // 11xxxxxx = don't care
    }

    /// <summary>True in the 244 µs before an update (never while SET inhibits updates or the divider is reset).</summary>
    private bool UpdateInProgress()
    {
        if (!DividerRunning || (_b & SetBit) != 0) return false;
        long sinceUpdate = (_clock.NowNs - _phaseNs) % SecondNs;
        return SecondNs - sinceUpdate <= UpdateInProgressNs;
    }

    /// <summary>The periodic interrupt period in cycles of the 32.768 kHz time base, 0 when RS = 0.</summary>
    private long PeriodCycles()
    {
        int rs = _a & 0x0F;
        return rs switch { 0 => 0, 1 => 128, 2 => 256, _ => 1L << (rs - 1) };
    }

    /// <summary>How many periodic edges there have been since the divider phase, at <paramref name="ns"/>.</summary>
    private long PeriodicIndex(long ns)
    {
        long cycles = PeriodCycles();
        if (cycles == 0 || ns < _phaseNs) return 0;
        return (long)((Int128)(ns - _phaseNs) * TimeBaseHz / ((Int128)cycles * SecondNs));
    }

    private long PeriodicEdgeNs(long index) =>
        _phaseNs + (long)(((Int128)index * PeriodCycles() * SecondNs + TimeBaseHz - 1) / TimeBaseHz);

    private void OnTimer()
    {
        Sync();
        Rearm();
    }

    /// <summary>Arms the update timer for the next second and the periodic timer when PIE asks for interrupts.</summary>
    private void Rearm()
    {
        if (!DividerRunning)
        {
            _updateTimer.Disarm();
            _periodicTimer.Disarm();
            return;
        }
        _updateTimer.Arm(_phaseNs + (_updatesDone + 1) * SecondNs);
        if ((_b & Pie) != 0 && PeriodCycles() != 0) _periodicTimer.Arm(PeriodicEdgeNs(_periodicIndex + 1));
        else _periodicTimer.Disarm();
    }
}
