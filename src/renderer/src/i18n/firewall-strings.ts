// Strings of the Windows Firewall help on Diagnostics (features/diagnostics/FirewallHelp.tsx).
export const firewallEn = {
  fw_title: 'Windows Firewall',
  fw_prompt_intro: 'The first time Relaybox starts its server, Windows asks whether it may communicate on networks. That choice decides whether other devices can connect:',
  fw_prompt_private: '"Private networks" (your home or office network): tick it, so phones, OBS on another PC and viewers on your network can connect.',
  fw_prompt_public: '"Public networks" (café, hotel or airport Wi-Fi): leave it unticked unless you really stream there; anyone on that network could connect.',
  fw_prompt_cancel: 'Clicked Cancel, or nothing plays from another device? Allow "Relaybox" in Windows Security → Firewall & network protection → Allow an app through firewall, or add the rules below. Streaming on this computer alone (127.0.0.1) works either way.',
  fw_rules_title: 'Inbound rules for the enabled ports',
  fw_rules_intro: 'Open Command Prompt as administrator (Start → type cmd → Run as administrator) and paste these lines. They allow incoming connections to exactly these ports. The WebRTC media range covers one UDP port per viewer connection.',
  fw_also_public: 'Also on public networks',
  fw_col_ports: 'Ports',
  fw_copy_all: 'Copy all commands',
  fw_each_rule: 'One rule at a time, and how to remove them',
  fw_remove_intro: 'To remove a rule again:',
  fw_no_rules: 'No enabled listener is reachable from other devices, so no rule is needed.',
  fw_local_only: 'No rule needed for {names}: they listen on this computer only (127.0.0.1).',
};

export const firewallZh: typeof firewallEn = {
  fw_title: 'Windows 防火墙',
  fw_prompt_intro: 'Relaybox 第一次启动服务器时，Windows 会询问是否允许它在网络上通信。这个选择决定其他设备能否连接：',
  fw_prompt_private: '“专用网络”（家庭或办公网络）：请勾选，这样手机、其他电脑上的 OBS 和同一网络中的观众才能连接。',
  fw_prompt_public: '“公用网络”（咖啡馆、酒店或机场 Wi-Fi）：除非确实要在那里推流，否则不要勾选；该网络上的任何人都可能连接。',
  fw_prompt_cancel: '点了“取消”，或其他设备无法播放？请在 Windows 安全中心 → 防火墙和网络保护 → 允许应用通过防火墙 中允许“Relaybox”，或添加下面的规则。仅在本机（127.0.0.1）推流和播放不受影响。',
  fw_rules_title: '已启用端口所需的入站规则',
  fw_rules_intro: '以管理员身份打开命令提示符（开始 → 输入 cmd → 以管理员身份运行），然后粘贴这些命令。它们只允许连接到这些端口。WebRTC 媒体端口范围为每个观看连接使用一个 UDP 端口。',
  fw_also_public: '同时允许公用网络',
  fw_col_ports: '端口',
  fw_copy_all: '复制全部命令',
  fw_each_rule: '逐条规则，以及如何删除',
  fw_remove_intro: '要再次删除规则：',
  fw_no_rules: '没有可被其他设备访问的已启用监听器，无需规则。',
  fw_local_only: '{names} 无需规则：它们只在本机（127.0.0.1）上监听。',
};
