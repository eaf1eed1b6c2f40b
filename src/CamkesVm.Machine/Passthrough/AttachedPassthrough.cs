using CamkesVm.Machine.Pci;

namespace CamkesVm.Machine.Passthrough;

/// <summary>What <see cref="PcMachine.AttachPassthrough"/> set up.</summary>
public sealed record AttachedPassthrough(IReadOnlyList<PassthroughDevice> Devices, IReadOnlyList<PassthroughIrqRoute> Routes);

/// <summary>One passed-through function: the spec entry, the model, its guest address and its BAR windows.</summary>
public sealed record PassthroughDevice(GrantedDevice Entry, PciFunction Function, PciAddress GuestAddress, IReadOnlyList<GrantedWindow> Windows);
