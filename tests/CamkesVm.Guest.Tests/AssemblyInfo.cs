// The guest tests boot QEMU and build the kernel tree's modules: running them one at a time keeps
// the shared 2-core machine usable and the kernel source cache uncontended.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
