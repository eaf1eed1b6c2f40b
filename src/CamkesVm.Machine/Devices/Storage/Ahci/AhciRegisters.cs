namespace CamkesVm.Machine.Devices.Storage.Ahci;

/// <summary>Register offsets and bits of the AHCI 1.3 HBA memory space (Serial ATA AHCI 1.3 §3).</summary>
public static class AhciRegisters
{
    /// <summary>Generic host control (§3.1): CAP, GHC, IS, PI, VS, CCC_CTL, CCC_PORTS, EM_LOC, EM_CTL, CAP2, BOHC.</summary>
    public const uint Cap = 0x00, Ghc = 0x04, Is = 0x08, Pi = 0x0C, Vs = 0x10, CccCtl = 0x14, CccPorts = 0x18,
        EmLoc = 0x1C, EmCtl = 0x20, Cap2 = 0x24, Bohc = 0x28;

    /// <summary>Port registers start at 100h, 80h bytes each (§3.3).</summary>
    public const uint PortBase = 0x100, PortStride = 0x80;

    /// <summary>Port register offsets (§3.3.1-§3.3.16).</summary>
    public const uint PxClb = 0x00, PxClbu = 0x04, PxFb = 0x08, PxFbu = 0x0C, PxIs = 0x10, PxIe = 0x14, PxCmd = 0x18,
        PxTfd = 0x20, PxSig = 0x24, PxSsts = 0x28, PxSctl = 0x2C, PxSerr = 0x30, PxSact = 0x34, PxCi = 0x38,
        PxSntf = 0x3C, PxFbs = 0x40;

    /// <summary>GHC: AHCI enable, interrupt enable, HBA reset.</summary>
    public const uint GhcAe = 1u << 31, GhcIe = 1u << 1, GhcHr = 1u << 0;

    /// <summary>CAP: 64-bit, NCQ, staggered spin-up, AHCI-only, command list override, speed (20-23), slots (8-12), ports (0-4).</summary>
    public const uint CapSam = 1u << 18, CapSclo = 1u << 24, CapSss = 1u << 27, CapIssGen2 = 2u << 20;

    /// <summary>PxCMD: start, spin-up, power-on, command list override, FIS receive enable, FIS receive running, command list running.</summary>
    public const uint CmdSt = 1u << 0, CmdSud = 1u << 1, CmdPod = 1u << 2, CmdClo = 1u << 3, CmdFre = 1u << 4,
        CmdFr = 1u << 14, CmdCr = 1u << 15, CmdCps = 1u << 16;

    /// <summary>PxCMD bits the host may set and read back: ATAPI, DLAE, ALPE, ASP.</summary>
    public const uint CmdStoredMask = 0x0F00_0000;

    /// <summary>PxIS: D2H register FIS, PIO setup FIS, descriptor processed, task file error.</summary>
    public const uint IsDhrs = 1u << 0, IsPss = 1u << 1, IsDps = 1u << 5, IsTfes = 1u << 30;

    /// <summary>PxIS bits that exist (the rest are reserved).</summary>
    public const uint IsMask = 0xFDC0_00FF;

    /// <summary>Received-FIS area offsets (§4.2.1): PIO setup at 20h, D2H register at 40h.</summary>
    public const uint RfisPioSetup = 0x20, RfisD2h = 0x40;

    /// <summary>Command header DW0 flags (§4.2.2): write, reset, clear busy upon R_OK; PRDTL in 31:16.</summary>
    public const uint HeaderWrite = 1u << 6, HeaderReset = 1u << 8, HeaderClearBusy = 1u << 10;

    /// <summary>FIS types (SATA 3.x §10.5): register H2D, register D2H, PIO setup.</summary>
    public const byte FisRegH2D = 0x27, FisRegD2H = 0x34, FisPioSetup = 0x5F;

    /// <summary>The ATA device signature of a disk in PxSIG (count 1, LBA low 1).</summary>
    public const uint SignatureAta = 0x0000_0101;

    /// <summary>PxSSTS with a Gen2 device present and the link up (DET=3, SPD=2, IPM=1).</summary>
    public const uint SstsDeviceGen2 = 0x123;
}
