// Union.Windows: the Windows adapter and its own native binding.
[assembly: System.CLSCompliant(false)]
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
