{{/* Names, labels and the per-service settings shared by the templates. */}}

{{- define "expro.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "expro.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: expro
{{- end -}}

{{/* Selector labels of one service: (dict "root" $ "name" "fund-svc") */}}
{{- define "expro.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "expro.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .name (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* FUND_SVC_ for fund-svc */}}
{{- define "expro.envPrefix" -}}
{{- printf "%s_" (. | upper | replace "-" "_") -}}
{{- end -}}

{{- define "expro.secretName" -}}
{{- .Values.existingSecret | default (include "expro.fullname" .) -}}
{{- end -}}

{{/* The database URL of one service: (dict "root" $ "name" "fund-svc" "svc" $svc) */}}
{{- define "expro.databaseUrl" -}}
{{- if .svc.databaseUrl -}}
{{- .svc.databaseUrl -}}
{{- else -}}
{{- $password := required (printf "secrets.databasePasswords.%s (or services.%s.databaseUrl, or existingSecret) is required" .name .name) (index .root.Values.secrets.databasePasswords .name) -}}
{{- printf "postgresql://%s:%s@%s:%v/%s" .svc.database.user (urlquery $password) .root.Values.postgresql.host .root.Values.postgresql.port .svc.database.name -}}
{{- end -}}
{{- end -}}

{{/* The secret settings one service reads (its own database URL and the token key). */}}
{{- define "expro.secretEnv" -}}
- name: {{ include "expro.envPrefix" .name }}DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "expro.secretName" .root }}
      key: {{ include "expro.envPrefix" .name }}DATABASE_URL
{{- end -}}
