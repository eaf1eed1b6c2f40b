using CamkesVm.Machine.Devices;

namespace CamkesVm.Machine.Acpi;

/// <summary>
/// The Fixed ACPI Description Table, signature "FACP" (ACPI 6.x §5.2.9, Table 5.9), revision 6, 276 bytes.
/// It describes the <see cref="AcpiPm"/> block at 0x600 (PM1a event 4 bytes, PM1a control 2, PM timer 4,
/// both as legacy port numbers and as X_ Generic Address Structures), SCI on IRQ 9, SMI_CMD = 0 (the
/// platform is always in ACPI mode), no GPE block, C2/C3 unsupported, and the reset register 0xCF9 ← 0x06
/// (<see cref="ResetControlRegister"/>).
/// </summary>
internal static class Fadt
{
    /// <summary>Flags (Table 5.10): WBINVD, PROC_C1, PWR_BUTTON and SLP_BUTTON (no fixed buttons), RESET_REG_SUP.</summary>
    public const uint Flags = Wbinvd | ProcC1 | PowerButtonIsControlMethod | SleepButtonIsControlMethod | ResetRegisterSupported
        | (AcpiPm.TimerIs32Bit ? TimerValueExtended : 0);

    public const uint Wbinvd = 1 << 0, ProcC1 = 1 << 2, PowerButtonIsControlMethod = 1 << 4;
    public const uint SleepButtonIsControlMethod = 1 << 5, TimerValueExtended = 1 << 8, ResetRegisterSupported = 1 << 10;

    /// <summary>IA-PC boot architecture flags (Table 5.11): LEGACY_DEVICES; no 8042 (only its reset port), no VGA.</summary>
    public const ushort BootArchitecture = LegacyDevices | VgaNotPresent;

    public const ushort LegacyDevices = 1 << 0, Has8042 = 1 << 1, VgaNotPresent = 1 << 2;

    /// <summary>Worst-case C2/C3 latencies above 100 µs / 1000 µs mean "not supported".</summary>
    private const ushort C2Unsupported = 0x0FFF, C3Unsupported = 0x0FFF;

    public static byte[] Build(uint facs, uint dsdt)
    {
        var t = AcpiTableBuilder.Table("FACP", 6);
        t.U32(facs).U32(dsdt).U8(0).U8(0) // FIRMWARE_CTRL, DSDT, reserved, Preferred_PM_Profile (unspecified)
            .U16(AcpiPm.SciIrq).U32(0)    // SCI_INT, SMI_CMD: none
            .U8(0).U8(0).U8(0).U8(0)      // ACPI_ENABLE, ACPI_DISABLE, S4BIOS_REQ, PSTATE_CNT
            .U32(AcpiPm.EventBlock).U32(0).U32(AcpiPm.ControlBlock).U32(0).U32(0) // PM1a/b_EVT, PM1a/b_CNT, PM2_CNT
            .U32(AcpiPm.TimerBlock).U32(0).U32(0)                                 // PM_TMR, GPE0, GPE1
            .U8(AcpiPm.EventBlockLength).U8(AcpiPm.ControlBlockLength).U8(0).U8(AcpiPm.TimerBlockLength)
            .U8(0).U8(0).U8(0).U8(0)      // GPE0_BLK_LEN, GPE1_BLK_LEN, GPE1_BASE, CST_CNT
            .U16(C2Unsupported).U16(C3Unsupported).U16(0).U16(0) // P_LVL2_LAT, P_LVL3_LAT, FLUSH_SIZE, FLUSH_STRIDE
            .U8(0).U8(0).U8(0).U8(0).U8(0) // DUTY_OFFSET, DUTY_WIDTH, DAY_ALRM, MON_ALRM, CENTURY (none)
            .U16(BootArchitecture).U8(0).U32(Flags)
            .IoGas(8, AcpiAccessSize.Byte, ResetControlRegister.Port).U8(ResetControlRegister.HardReset)
            .U16(0).U8(0)                 // ARM_BOOT_ARCH, FADT minor version
            .U64(facs).U64(dsdt)          // X_FIRMWARE_CTRL, X_DSDT (equal to the 32-bit fields)
            .IoGas(AcpiPm.EventBlockLength * 8, AcpiAccessSize.Word, AcpiPm.EventBlock).Zeros(12)
            .IoGas(AcpiPm.ControlBlockLength * 8, AcpiAccessSize.Word, AcpiPm.ControlBlock).Zeros(12)
            .Zeros(12)                    // X_PM2_CNT_BLK
            .IoGas(AcpiPm.TimerBlockLength * 8, AcpiAccessSize.Dword, AcpiPm.TimerBlock)
            .Zeros(12).Zeros(12)          // X_GPE0_BLK, X_GPE1_BLK
            .Zeros(12).Zeros(12)          // SLEEP_CONTROL_REG, SLEEP_STATUS_REG (hardware-reduced only)
            .U64(0);                      // hypervisor vendor identity
        return t.Finish();
    }
}
