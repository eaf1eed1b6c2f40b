using System.Text;
using CamkesVm.Runtime.Components;

namespace Cma34crMinimalCs;

/// <summary>
/// The seed's print server in C#: waits for the guest's do_print event, prints the NUL-terminated string the guest
/// left in the shared dataport, and answers with done_printing. DoPrint, Data and DonePrinting are generated from
/// the spec's PrintServer component.
/// </summary>
[CamkesComponent("PrintServer")]
public partial class PrintServer : NativeComponent
{
    public override int Run()
    {
        while (true)
        {
            DoPrint.Wait();
            var text = Data;
            int end = text.IndexOf((byte)0);
            Context.Out.WriteLine(Encoding.UTF8.GetString(end < 0 ? text : text[..end]));
            DonePrinting.Emit();
        }
    }
}
