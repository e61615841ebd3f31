using System.Collections.Generic;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // Which workload exercises which driver label, one instance per label
    // (a workload keeps its place: the disk's next window, an open terminal).
    public sealed class Workloads
    {
        private readonly Plan _plan;
        private readonly List<string> _labels = new List<string>();
        private readonly List<Workload> _workloads = new List<Workload>();

        public Workloads(Plan plan) => _plan = plan;

        // Null for a label no workload reaches (the RAM disk: FS serves
        // the root from ata, so nothing in the test image reads it).
        public Workload? For(string label)
        {
            int index = _labels.IndexOf(label);
            if (index >= 0)
                return _workloads[index];
            Workload? made = Make(label);
            if (made != null)
            {
                _labels.Add(label);
                _workloads.Add(made);
            }
            return made;
        }

        private Workload? Make(string label) => label switch
        {
            "ata" => _plan.DiskPath.Length == 0 ? null : new DiskWorkload(_plan.DiskPath, _plan.DiskLength),
            "memory" => new MemoryWorkload(),
            "hello" => new HelloWorkload(),
            "serial" => new SerialWorkload(),
            "keyboard" => new KeyboardWorkload(),
            "e1000" or "rtl8139" => _plan.NetUrl.Length == 0 ? null : new NetWorkload(_plan.NetUrl, _plan.NetLength, _plan.NetHash),
            _ => null,
        };
    }
}
