/// The text `runbook new` writes.
///
/// Both files must validate and pass as written (a test checks).
enum StarterTemplates {
    static func runbook(_ name: String) -> String {
        """
        # A runbook diagnoses an incident step by step and, with approval, repairs it.
        # Language reference: docs/dsl.md. Check it with: runbook validate \(name).yaml
        apiVersion: runbook/v1
        name: \(name)
        title: A deployment has unavailable replicas            # TODO: the symptom, in one line
        description: |
          TODO: what sends someone here, what this runbook checks and what it changes.
          The starter checks a Kubernetes deployment and, when replicas are unavailable,
          restarts its rollout (after approval) and verifies every replica is back.

        params:                           # typed inputs: -p name=value, an env variable, or a default
          deployment:
            type: string
            required: true
            description: the deployment to check
          namespace:
            type: string
            default: default
            env: NAMESPACE                # used when -p gives no value

        steps:
          # 1. Look. Read-only steps run in dry runs and need no approval.
          - id: deployment
            title: Read the deployment's replica counts
            why: The symptom starts here; everything else depends on these numbers.
            shell:
              run: kubectl get deployment "${{ params.deployment }}" --namespace "${{ params.namespace }}" -o json
              read-only: true
            capture:                      # JMESPath over the result; later steps read steps.deployment.<name>
              desired: json.spec.replicas
              available: json.status.availableReplicas || `0`
            finish-if: available >= desired    # healthy: end here, change nothing, exit 0
            check:                        # a failed check raises a named finding with its evidence
              - that: available == desired
                finding: replicas-unavailable
                message: "${{ evidence.available }} of ${{ evidence.desired }} replicas available"
                evidence:
                  available: available
                  desired: desired

          # 2. Fix. Runs only if its finding was raised, asks for approval, never runs in a dry run.
          - id: restart
            title: Restart the rollout and wait for it
            fixes: replicas-unavailable
            shell: |
              kubectl rollout restart deployment "${{ params.deployment }}" --namespace "${{ params.namespace }}" >/dev/null &&
              kubectl rollout status deployment "${{ params.deployment }}" --namespace "${{ params.namespace }}" --timeout=5m >/dev/null &&
              kubectl get deployment "${{ params.deployment }}" --namespace "${{ params.namespace }}" -o json
            timeout: 6m
            verify:                       # proves the fix worked; otherwise the step fails, exit 3
              - that: result.json.status.availableReplicas == result.json.spec.replicas
                message: the rollout finished but replicas are still unavailable

        """
    }

    static func test(_ name: String) -> String {
        """
        # Offline tests of \(name).yaml: run them with `runbook test \(name).test.yaml`.
        # Each case gives parameters, the answer to every call the runbook makes, and the outcome.
        # An unanswered call fails the case and prints the entry to add. `runbook run --record FILE`
        # writes such a file from a real run.
        runbook: \(name).yaml
        cases:
          - name: healthy deployment ends early and changes nothing
            params: {deployment: web}
            calls:
              - shell: kubectl get deployment "web" --namespace "default" -o json
                answer:
                  json: {spec: {replicas: 3}, status: {availableReplicas: 3}}
            expect:
              status: healthy
              findings: []
              steps: {deployment: passed, restart: skipped}

          - name: unavailable replicas are restarted and verified
            params: {deployment: web}
            calls:
              - shell: kubectl get deployment "web" --namespace "default" -o json
                answer:
                  json: {spec: {replicas: 3}, status: {availableReplicas: 1}}
              - shell: kubectl rollout restart deployment "web" *      # '*' matches the rest of the command
                answer:
                  json: {spec: {replicas: 3}, status: {availableReplicas: 3}}
            expect:
              status: repaired
              findings: [replicas-unavailable]
              open: []
              fixed: [restart]
              captures: {deployment.available: 1}
              messages: {replicas-unavailable: 1 of 3 replicas available}

          - name: without approval the finding stays open
            params: {deployment: web, namespace: shop}
            approve: none
            calls:
              - shell: kubectl get deployment "web" --namespace "shop" -o json
                answer:
                  json: {spec: {replicas: 2}, status: {}}
            expect:
              status: findings
              open: [replicas-unavailable]
              steps: {restart: skipped}

        """
    }
}
