namespace CamkesVm.Machine.Devices.Net;

/// <summary>
/// The 82574's integrated BM PHY as seen through MDIC (Intel 82574 datasheet §8.7 PHY registers, IEEE 802.3
/// clause 22): PHY address 1, ID 0x0141/0x0CB1, a 1000BASE-T full-duplex link that is always up with
/// auto-negotiation complete. Register 22 selects the page; only page 0 holds live registers, other pages
/// store what is written. Control's reset and restart-negotiation bits complete at once.
/// </summary>
internal sealed class Intel82574LPhy
{
    public const int Address = 1;
    private const int PageSelect = 22, Pages = 8, RegistersPerPage = 32;
    private const ushort ControlReset = 0x8000, ControlRestartAutoneg = 0x0200;
    private readonly ushort[,] _registers = new ushort[Pages, RegistersPerPage];
    private int _page;

    public Intel82574LPhy() => Reset();

    /// <summary>Power-up values (clause 22 basic registers, 1000BASE-T registers 9/10, extended status 15).</summary>
    public void Reset()
    {
        Array.Clear(_registers);
        _page = 0;
        Set(0, 0x1140);   // control: auto-negotiation enable, full duplex, 1000 Mb/s
        Set(1, 0x796D);   // status: 100/10 capable, extended status, autoneg complete, link up, extended capability
        Set(2, 0x0141);   // PHY identifier 1
        Set(3, 0x0CB1);   // PHY identifier 2 (BME1000 revision 2)
        Set(4, 0x0DE1);   // autoneg advertisement: pause, 100/10 full/half, 802.3
        Set(5, 0xCDE1);   // link partner ability: next page, ack, pause, 100/10 full/half
        Set(6, 0x0001);   // autoneg expansion: partner can negotiate
        Set(9, 0x0300);   // 1000BASE-T control: advertise full and half duplex
        Set(10, 0x3C00);  // 1000BASE-T status: local/remote receiver OK, partner 1000 full/half
        Set(15, 0x3000);  // extended status: 1000BASE-T full/half capable
        Set(17, 0xAC00);  // PHY specific status: 1000 Mb/s, full duplex, resolved, link up
    }

    public ushort Read(int register) => register == PageSelect ? (ushort)_page : _registers[_page, register & 31];

    public void Write(int register, ushort value)
    {
        register &= 31;
        if (register == PageSelect) { _page = value % Pages; return; }
        if (_page == 0 && register == 0) value &= unchecked((ushort)~(ControlReset | ControlRestartAutoneg));
        if (_page == 0 && register is 1 or 2 or 3 or 5 or 6 or 10 or 15 or 17) return; // read-only
        _registers[_page, register] = value;
    }

    private void Set(int register, ushort value) => _registers[0, register] = value;
}
