"""runbook-lab: the EKS workshop's "missing worker nodes" failure on one machine.

``python3 -m runbook_lab up`` starts one process with moto's AWS API and a small Kubernetes API on free
loopback ports; ``env`` prints the exports that point the aws CLI and kubectl at it. See lab/README.md.
"""

__version__ = "0.1.0"
