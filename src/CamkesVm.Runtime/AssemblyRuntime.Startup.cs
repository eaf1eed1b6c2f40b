using CamkesVm.Adl.Model;
using CamkesVm.Runtime.Components;
using CamkesVm.Runtime.Vm;
using CamkesVm.Runtime.Wiring;

namespace CamkesVm.Runtime;

/// <summary>Start-up: instances and wiring, the init stages, and the threads.</summary>
public sealed partial class AssemblyRuntime
{
    private void Instantiate()
    {
        var assembly = _options.Assembly;
        var crossVmSizes = _options.Guests.SelectMany(g => g.Dataports).Where(d => d.Connection != null)
            .GroupBy(d => d.Connection!).ToDictionary(g => g.Key, g => g.Max(d => d.Size));
        _wiring = new AssemblyWiring(assembly, crossVmSizes, _shutdown, _threads);
        var guests = _options.Guests.ToDictionary(g => g.InstanceName);
        foreach (var instance in assembly.Instances)
        {
            if (guests.TryGetValue(instance.Name, out var guest))
                _vms.Add(Guarded(instance, "building the VM", () => new VmInstance(guest, Context(instance), _options, _shutdown)));
            else if (NeedsImplementation(instance))
                _natives.Add((instance, Bind(instance)));
        }
        _vms.Sort((a, b) => a.Guest.Index.CompareTo(b.Guest.Index));
    }

    private bool NeedsImplementation(Instance instance) =>
        !instance.Component.IsCompound && !instance.Component.Hardware && !_options.VmmServices.Contains(instance.Component.Name);

    private NativeComponent Bind(Instance instance)
    {
        var type = instance.Component.Name;
        var component = _options.Providers.Select(p => p.Create(type)).FirstOrDefault(c => c != null)
            ?? throw new AssemblyRuntimeException(
                $"{instance.Location}: no implementation of component {type} (instance {instance.Name}): add a C# class " +
                $"[CamkesComponent(\"{type}\")] partial class ... : NativeComponent, or a C source, to the app folder");
        Guarded(instance, "binding", () => component.Attach(Context(instance)));
        return component;
    }

    private ComponentContext Context(Instance instance) =>
        new(instance, _options.Assembly, _wiring!, _shutdown, _options.ComponentOut);

    private void Stage(string name, Action<NativeComponent> stage)
    {
        foreach (var (instance, component) in _natives) Guarded(instance, name, () => stage(component));
    }

    private void Launch()
    {
        var controls = _natives.Where(n => n.Instance.Component.Control).ToList();
        _controlRunning = controls.Count;
        foreach (var (instance, component) in controls)
            _threads.Start($"{instance.Name}:control", () => RunControl(instance.Name, component));
        foreach (var vm in _vms) _threads.Start($"{vm.Guest.InstanceName}:vm", vm.Run);
        CheckEnd();
    }

    private void RunControl(string name, NativeComponent component)
    {
        try
        {
            var result = component.Run();
            lock (_runResults) _runResults[name] = result;
        }
        finally
        {
            Interlocked.Decrement(ref _controlRunning);
        }
    }

    private static T Guarded<T>(Instance instance, string stage, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not AssemblyRuntimeException)
        {
            throw new AssemblyRuntimeException($"{instance.Location}: {instance.Name} ({instance.Component.Name}) failed while {stage}: {e.Message}", e);
        }
    }

    private static void Guarded(Instance instance, string stage, Action action) => Guarded(instance, stage, () =>
    {
        action();
        return 0;
    });
}
