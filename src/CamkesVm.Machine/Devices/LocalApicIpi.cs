namespace CamkesVm.Machine.Devices;

/// <summary>Interprocessor interrupts through the ICR (Intel SDM Vol. 3A §11.6.1), with this CPU the only one.</summary>
public sealed partial class LocalApic
{
    private void SendIpi()
    {
        uint mode = (_icrLow >> 8) & 7;
        byte vector = (byte)_icrLow;
        bool toSelf = ((_icrLow >> 18) & 3) switch
        {
            1 or 2 => true,                       // self, all including self
            3 => false,                           // all excluding self: nobody else exists
            _ => MatchesDestination((byte)(_icrHigh >> 24), (_icrLow & 0x800) != 0),
        };
        switch (mode)
        {
            case 0 or 1 when vector < 16: RecordError(0x20); break; // send illegal vector
            case 0 or 1: if (toSelf) AcceptInterrupt(vector, false); break;
            case 4: if (toSelf) Nmi?.Invoke(); break;
            default:
                _log?.Invoke($"LAPIC: IPI with delivery mode {mode} (INIT/STARTUP/SMI) ignored: there is one CPU");
                break;
        }
    }
}
